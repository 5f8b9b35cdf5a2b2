import {
  useCallback,
  useLayoutEffect,
  useRef,
  type ComponentType,
  type HTMLAttributes,
  type ReactElement,
  type Ref,
} from 'react';

/** What each rendered row gets: its index in the scroll window and its top, in pixels. */
export interface SlotRowProps<P> {
  index: number;
  top: number;
  rowProps: P;
}

interface SlotListProps<P> extends Omit<HTMLAttributes<HTMLDivElement>, 'onResize'> {
  ref: Ref<HTMLDivElement>;
  /** Rows in the scroll window (its scroll height is rowCount * rowHeight). */
  rowCount: number;
  rowHeight: number;
  /** The window row at the top of the view: the grid's own position, updated in the same
   * frame as the scroll position (see sync-scroll.ts). */
  firstRow: number;
  /** Rows that fit in the view. */
  viewportRows: number;
  /** Rows rendered beyond each edge of the view. */
  overscan: number;
  rowComponent: ComponentType<SlotRowProps<P>>;
  rowProps: P;
  onResize: (size: { height: number; width: number }) => void;
}

/**
 * A virtual list whose rows are keyed by their slot: the row that scrolls out of one end is the
 * one that comes in at the other (its text changes, no element is made), and the elements stay
 * in slot order in the DOM (only their transform moves), so a scroll either way re-lays out only
 * the rows whose bytes changed. (react-window renders rows in index order: reusing them made
 * React move every other row on the way up.) Which rows to render comes from `firstRow`, the
 * caller's state, never from a scroll listener of its own.
 */
export function SlotList<P>(props: SlotListProps<P>): ReactElement {
  const { ref, rowCount, rowHeight, firstRow, viewportRows, overscan } = props;
  const { rowComponent: Row, rowProps, onResize, style, ...rest } = props;
  const element = useRef<HTMLDivElement | null>(null);
  const resized = useRef(onResize);
  const outer = useRef(ref);
  useLayoutEffect(() => {
    resized.current = onResize;
    outer.current = ref;
  });
  const setElement = useCallback((node: HTMLDivElement | null) => {
    element.current = node;
    const target = outer.current;
    if (typeof target === 'function') target(node);
    else if (target) target.current = node;
  }, []);
  useLayoutEffect(() => {
    const node = element.current;
    if (!node) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry)
        resized.current({ height: entry.contentRect.height, width: entry.contentRect.width });
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, []);

  const slots = viewportRows + 2 * overscan + 2;
  const first = Math.max(0, firstRow - overscan);
  const last = Math.min(rowCount - 1, firstRow + viewportRows + overscan);
  const rows: (ReactElement | null)[] = new Array<ReactElement | null>(slots).fill(null);
  for (let index = first; index <= last; index++) {
    const slot = index % slots;
    rows[slot] = <Row key={slot} index={index} top={index * rowHeight} rowProps={rowProps} />;
  }

  return (
    <div {...rest} ref={setElement} style={{ position: 'relative', overflowY: 'auto', ...style }}>
      <div aria-hidden style={{ height: rowCount * rowHeight, width: '100%' }} />
      {rows}
    </div>
  );
}
