import { useEffect, useImperativeHandle, useRef, useState, type ReactNode, type Ref } from 'react';
import {
  BOTTOM_LIMITS,
  browserStorage,
  CENTER_MIN_HEIGHT,
  CENTER_MIN_WIDTH,
  defaultLayout,
  fitSides,
  readDockLayout,
  SIDE_LIMITS,
  writeDockLayout,
  type DockLayout,
} from './dock-layout';
import { DockSide } from './DockSide';
import { groupPanels } from './group-panels';
import { stackKeyOf, type PanelDef, type StackKey } from './panel-types';
import { Splitter } from './Splitter';
import { TabStack } from './TabStack';
import { useElementSize } from './use-element-size';
import './dock.css';

export interface PanelDockHandle {
  /** Chooses the panel's tab in its stack (a panel not listed yet, once it is). */
  show(panelId: string): void;
}

interface PanelDockProps {
  ref?: Ref<PanelDockHandle>;
  /** The panels, in tab order; a side without panels takes no room. */
  panels: readonly PanelDef[];
  /** What the dock surrounds: the grid. */
  children: ReactNode;
}

/**
 * The panels around the grid: a column of tab stacks on each side and a stack under the grid,
 * each in a resizable splitter. Sizes and the chosen tabs are remembered (dock-layout.ts).
 */
export function PanelDock({ ref, panels, children }: PanelDockProps) {
  const [layout, setLayout] = useState<DockLayout>(() =>
    readDockLayout(browserStorage(), window.innerWidth),
  );
  useEffect(() => writeDockLayout(browserStorage(), layout), [layout]);
  const [element, setElement] = useState<HTMLElement | null>(null);
  const size = useElementSize(element);
  const update = (change: Partial<DockLayout>) => setLayout((old) => ({ ...old, ...change }));
  const reset = (field: 'left' | 'right' | 'bottom' | 'leftSplit' | 'rightSplit') =>
    update({ [field]: defaultLayout(window.innerWidth)[field] });
  const choose = (stack: StackKey, panelId: string) =>
    setLayout((old) => ({ ...old, tabs: { ...old.tabs, [stack]: panelId } }));

  // show() may come in the same event that adds the panel: it is chosen once it is listed.
  const latestPanels = useRef(panels);
  const pending = useRef<string | null>(null);
  useEffect(() => {
    latestPanels.current = panels;
    const panel = panels.find((p) => p.id === pending.current);
    if (!panel) return;
    pending.current = null;
    choose(stackKeyOf(panel), panel.id);
  }, [panels]);
  useImperativeHandle(
    ref,
    () => ({
      show: (panelId: string) => {
        const panel = latestPanels.current.find((p) => p.id === panelId);
        if (panel) choose(stackKeyOf(panel), panelId);
        else pending.current = panelId;
      },
    }),
    [],
  );

  const sides = groupPanels(panels, layout.tabs);
  const hasLeft = sides.left.length > 0;
  const hasRight = sides.right.length > 0;
  const bottom = sides.bottom[0];
  // Until the dock is measured, the window's width stands in for it.
  const width = size.width || window.innerWidth;
  const shown = fitSides(hasLeft ? layout.left : 0, hasRight ? layout.right : 0, width);
  const sideMax = (other: number) =>
    Math.max(SIDE_LIMITS.min, Math.min(SIDE_LIMITS.max, width - CENTER_MIN_WIDTH - other));
  const bottomMax = Math.max(
    BOTTOM_LIMITS.min,
    Math.min(BOTTOM_LIMITS.max, (size.height || window.innerHeight) - CENTER_MIN_HEIGHT),
  );
  const bottomHeight = Math.min(layout.bottom, bottomMax);

  return (
    <div className="dock" ref={setElement}>
      {hasLeft ? (
        <>
          <DockSide
            side="left"
            stacks={sides.left}
            width={shown.left}
            split={layout.leftSplit}
            onSplitChange={(leftSplit) => update({ leftSplit })}
            onSplitReset={() => reset('leftSplit')}
            onChoose={choose}
          />
          <Splitter
            orientation="vertical"
            label="Resize the left panels"
            value={shown.left}
            min={SIDE_LIMITS.min}
            max={sideMax(shown.right)}
            direction={1}
            onChange={(left) => update({ left: Math.round(left) })}
            onReset={() => reset('left')}
          />
        </>
      ) : null}
      <div className="dock-center">
        <div className="dock-main">{children}</div>
        {bottom ? (
          <>
            <div className="dock-bottom" style={{ height: bottomHeight }}>
              <TabStack stack={bottom} label="Bottom panels" onChoose={choose} />
            </div>
            <Splitter
              orientation="horizontal"
              label="Resize the bottom panels"
              value={bottomHeight}
              min={BOTTOM_LIMITS.min}
              max={bottomMax}
              direction={-1}
              onChange={(height) => update({ bottom: Math.round(height) })}
              onReset={() => reset('bottom')}
            />
          </>
        ) : null}
      </div>
      {hasRight ? (
        <>
          <DockSide
            side="right"
            stacks={sides.right}
            width={shown.right}
            split={layout.rightSplit}
            onSplitChange={(rightSplit) => update({ rightSplit })}
            onSplitReset={() => reset('rightSplit')}
            onChoose={choose}
          />
          {/* After the side in the DOM, so that Tab goes from the grid into the panels; drawn
              before it (CSS order). */}
          <Splitter
            orientation="vertical"
            label="Resize the right panels"
            value={shown.right}
            min={SIDE_LIMITS.min}
            max={sideMax(shown.left)}
            direction={-1}
            onChange={(right) => update({ right: Math.round(right) })}
            onReset={() => reset('right')}
          />
        </>
      ) : null}
    </div>
  );
}
