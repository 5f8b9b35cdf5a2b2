import { useRef, type CSSProperties, type KeyboardEvent } from 'react';
import type { StackPanels } from './group-panels';
import type { StackKey } from './panel-types';

interface TabStackProps {
  stack: StackPanels;
  /** Names the tab list: "Left panels". */
  label: string;
  onChoose: (stack: StackKey, panelId: string) => void;
  style?: CSSProperties;
}

/** A stack's panels as tabs (arrow keys, Home and End move between them), the chosen one under. */
export function TabStack({ stack, label, onChoose, style }: TabStackProps) {
  const tabs = useRef<HTMLDivElement>(null);
  const { panels, chosen } = stack;
  const choose = (index: number) => {
    const panel = panels[(index + panels.length) % panels.length];
    if (!panel) return;
    onChoose(stack.key, panel.id);
    requestAnimationFrame(() =>
      tabs.current?.querySelector<HTMLElement>(`[data-panel="${panel.id}"]`)?.focus(),
    );
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = panels.indexOf(chosen);
    const to =
      event.key === 'ArrowRight'
        ? at + 1
        : event.key === 'ArrowLeft'
          ? at - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? panels.length - 1
              : null;
    if (to === null) return;
    event.preventDefault();
    choose(to);
  };

  return (
    <div className="dock-stack" style={style} data-stack={stack.key}>
      <div className="dock-tabs" role="tablist" aria-label={label} ref={tabs} onKeyDown={onKeyDown}>
        {panels.map((panel) => {
          const selected = panel === chosen;
          return (
            <button
              key={panel.id}
              type="button"
              role="tab"
              id={`dock-tab-${panel.id}`}
              aria-selected={selected}
              aria-controls={`dock-panel-${panel.id}`}
              tabIndex={selected ? 0 : -1}
              className="dock-tab"
              data-panel={panel.id}
              onClick={() => onChoose(stack.key, panel.id)}
            >
              {panel.title}
              {panel.badge !== undefined ? (
                <span className={`dock-badge dock-badge-${panel.badgeTone ?? 'neutral'}`}>
                  {panel.badge}
                </span>
              ) : null}
            </button>
          );
        })}
      </div>
      <div
        role="tabpanel"
        id={`dock-panel-${chosen.id}`}
        aria-labelledby={`dock-tab-${chosen.id}`}
        className="dock-panel"
        data-panel={chosen.id}
      >
        {chosen.render()}
      </div>
    </div>
  );
}
