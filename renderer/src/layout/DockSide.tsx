import { useState } from 'react';
import { SPLIT_LIMITS } from './dock-layout';
import type { StackPanels } from './group-panels';
import type { StackKey } from './panel-types';
import { Splitter } from './Splitter';
import { TabStack } from './TabStack';
import { useElementSize } from './use-element-size';

interface DockSideProps {
  side: 'left' | 'right';
  stacks: StackPanels[];
  width: number;
  /** Share of the height the upper stack takes when there are two. */
  split: number;
  onSplitChange: (split: number) => void;
  onSplitReset: () => void;
  onChoose: (stack: StackKey, panelId: string) => void;
}

/** One side of the dock: one stack, or two one above the other with a splitter between them. */
export function DockSide(props: DockSideProps) {
  const { side, stacks, split } = props;
  const [element, setElement] = useState<HTMLElement | null>(null);
  const { height } = useElementSize(element);
  const [upper, lower] = stacks;
  const name = side === 'left' ? 'Left' : 'Right';
  return (
    <aside
      ref={setElement}
      className={`dock-side dock-${side}`}
      style={{ width: props.width }}
      aria-label={`${name} panels`}
    >
      {upper ? (
        <TabStack
          stack={upper}
          label={`${name} panels${lower ? ', upper' : ''}`}
          onChoose={props.onChoose}
          style={lower ? { flex: `${split} 1 0` } : undefined}
        />
      ) : null}
      {upper && lower ? (
        <Splitter
          orientation="horizontal"
          label={`Resize the ${side} panels' upper and lower stacks`}
          value={split}
          min={SPLIT_LIMITS.min}
          max={SPLIT_LIMITS.max}
          unit="share"
          scale={height}
          direction={1}
          onChange={props.onSplitChange}
          onReset={props.onSplitReset}
        />
      ) : null}
      {lower ? (
        <TabStack
          stack={lower}
          label={`${name} panels${upper ? ', lower' : ''}`}
          onChoose={props.onChoose}
          style={upper ? { flex: `${1 - split} 1 0` } : undefined}
        />
      ) : null}
    </aside>
  );
}
