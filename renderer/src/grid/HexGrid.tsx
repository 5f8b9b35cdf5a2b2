import {
  memo,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type Ref,
} from 'react';
import type { DecodedField } from '../../../electron/shared/disk';
import type { PageStore } from '../disk/page-store';
import { useStoreVersion } from '../disk/use-store-version';
import { commandFor } from '../keyboard/match-shortcut';
import type { OffsetMode, PartitionSpan } from './format';
import { columnAt, screenRowAt, type Pane } from './grid-pointer';
import { GridModel } from './grid-model';
import { moveFor } from './grid-moves';
import {
  anchorByte,
  BOTTOM,
  positionAt,
  reflow,
  totalRowsOf,
  type GridPosition,
} from './grid-position';
import { HexRow, type ByteRange, type HexRowData, type HexRowProps } from './HexRow';
import { fittingBytesPerRow, type RowWidth } from './row-fit';
import { Scrollbar } from './Scrollbar';
import { SlotList } from './SlotList';
import {
  centeredWindowStart,
  clampRow,
  maxTopRow,
  needsRebase,
  ROW_HEIGHT,
  windowRowsFor,
} from './scroll-window';
import { useSyncScroll } from './sync-scroll';
import { useDragSelect } from './use-drag-select';

/** DOM scrolling lives outside the component so that React's rules see no hook value mutated. */
function scrollElementTo(element: HTMLElement, top: number): void {
  if (top === BOTTOM) element.scrollTop = element.scrollHeight;
  else if (Math.abs(element.scrollTop - top) >= 0.5) element.scrollTop = top;
}

/** The disk's bytes rounded up to whole sectors. */
function wholeSectors(sizeBytes: bigint, sectorSize: number): bigint {
  const size = BigInt(sectorSize);
  return ((sizeBytes + size - 1n) / size) * size;
}

/** Rows rendered beyond each edge of the view: a row part-scrolled into view is never missing. */
const OVERSCAN = 2;
/**
 * How long a drag of the position scrollbar keeps the rows on screen as they are, waiting for
 * the bytes of where the thumb is; past it, the rows move there and show what is still loading.
 */
const DRAG_WAIT_MS = 250;

export interface HexGridHandle {
  /** Puts the row holding `offset` at the top (as far as the end of the disk allows). */
  showOffsetAtTop(offset: bigint): void;
  focus(): void;
  /** aria-busy while a jump waits for its bytes, set on the element without a render. */
  setBusy(busy: boolean): void;
}

interface HexGridProps {
  ref?: Ref<HexGridHandle>;
  store: PageStore;
  sizeBytes: bigint;
  sectorSize: number;
  rowWidth: RowWidth;
  offsetMode: OffsetMode;
  partitions: readonly PartitionSpan[];
  cursor: bigint;
  selection: ByteRange | null;
  fields: readonly DecodedField[];
  /** The cursor moved; `extend` when the selection grows from where it was. */
  onCursorChange: (offset: bigint, extend: boolean) => void;
  /** First and last byte offsets on screen. */
  onViewChange: (first: bigint, last: bigint) => void;
  /** The bytes per row in use (what "fit to width" came to). */
  onBytesPerRowShown: (bytesPerRow: number) => void;
  /** Ctrl+C in the grid. */
  onCopy: () => void;
}

/**
 * The whole disk as rows of bytes. A slot list renders the visible rows of a native scroll
 * window; the window itself moves through the disk by a bigint start row. Every change of
 * position is rendered in the frame that shows it (see sync-scroll.ts), with bytes from the
 * page cache.
 */
export const HexGrid = memo(function HexGrid(props: HexGridProps) {
  const { ref, store, sizeBytes, sectorSize, rowWidth, offsetMode, cursor, onCursorChange } = props;
  const { partitions, selection, fields, onViewChange, onBytesPerRowShown, onCopy } = props;
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  const elementRef = useRef<HTMLDivElement | null>(null);
  const [size, setSize] = useState({ height: 600, width: 1000 });
  const viewportRows = Math.max(1, Math.floor(size.height / ROW_HEIGHT));
  const [fitted, setFitted] = useState(16);
  const bytesPerRow = rowWidth === 'fit' ? fitted : rowWidth;
  // Rows run to the end of the last sector: a partial one shows its missing bytes as past the end.
  const shownBytes = wholeSectors(sizeBytes, sectorSize);
  const shape = useMemo(
    () => ({ sizeBytes: shownBytes, viewportRows }),
    [shownBytes, viewportRows],
  );

  const [position, setPosition] = useState<GridPosition>(() => ({
    bytesPerRow,
    windowStart: 0n,
    topRow: 0n,
    scrollTop: null,
  }));
  // Another row width: move to it in this render, keeping the anchor byte on its screen row.
  if (position.bytesPerRow !== bytesPerRow) {
    setPosition(reflow(position, bytesPerRow, anchorByte(position, cursor, viewportRows), shape));
  }
  const { windowStart, topRow } = position;
  const bpr = BigInt(position.bytesPerRow);
  const totalRows = totalRowsOf(shownBytes, position.bytesPerRow);
  const windowRows = windowRowsFor(totalRows);
  const maxTop = maxTopRow(totalRows, viewportRows);
  const [dragRow, setDragRow] = useState<bigint | null>(null);
  const [pane, setPane] = useState<Pane>('hex');
  const version = useStoreVersion(
    store,
    (topRow - BigInt(OVERSCAN)) * bpr,
    (topRow + BigInt(viewportRows + OVERSCAN)) * bpr,
  );

  const positionRef = useRef(position);
  const direction = useRef<1 | -1>(1);
  const applied = useRef<GridPosition | null>(null);

  const gridRef = useCallback((node: HTMLDivElement | null) => {
    elementRef.current = node;
    setElement(node);
  }, []);

  /** Makes `next` the position, asking for its bytes at once. */
  const moveTo = useCallback(
    (next: GridPosition) => {
      const previous = positionRef.current;
      if (next === previous) return;
      if (next.topRow !== previous.topRow)
        direction.current = next.topRow > previous.topRow ? 1 : -1;
      const rowBytes = BigInt(next.bytesPerRow);
      store.want(
        next.topRow * rowBytes,
        (next.topRow + BigInt(viewportRows)) * rowBytes - 1n,
        direction.current,
      );
      positionRef.current = next;
      setPosition(next);
    },
    [store, viewportRows],
  );

  const showRow = useCallback(
    (row: bigint) => {
      const scrollTop = elementRef.current?.scrollTop ?? 0;
      moveTo(
        positionAt(positionRef.current, row, shape, Math.floor(scrollTop / ROW_HEIGHT + 0.001)),
      );
    },
    [moveTo, shape],
  );

  const atEnd = useRef(false);
  const noteEnd = useCallback((scroller: HTMLElement) => {
    atEnd.current =
      scroller.scrollTop > 0 &&
      scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1;
  }, []);

  // A position that sets the native scroll does so before paint, in the commit that renders its
  // rows.
  useLayoutEffect(() => {
    positionRef.current = position;
    if (!element || applied.current === position) return;
    applied.current = position;
    if (position.scrollTop === null) return;
    scrollElementTo(element, position.scrollTop);
    noteEnd(element);
  }, [element, noteEnd, position]);

  // The view at the end of the disk stays there when the grid changes height (the status bar or
  // a banner taking a line more or less): a change of height fires no scroll event.
  useLayoutEffect(() => {
    if (atEnd.current) showRow(maxTop);
  }, [size.height, maxTop, showRow]);

  useSyncScroll(element, (scroller) => {
    noteEnd(scroller);
    const now = positionRef.current;
    const rows = totalRowsOf(shownBytes, now.bytesPerRow);
    const inWindow = windowRowsFor(rows);
    const scrollRow = Math.floor(scroller.scrollTop / ROW_HEIGHT + 0.001);
    const top = clampRow(now.windowStart + BigInt(scrollRow), 0n, maxTopRow(rows, viewportRows));
    if (needsRebase(scrollRow, viewportRows, now.windowStart, inWindow, rows)) {
      const start = centeredWindowStart(top, rows, inWindow);
      const within = scroller.scrollTop % ROW_HEIGHT;
      moveTo({
        ...now,
        windowStart: start,
        topRow: top,
        scrollTop: Number(top - start) * ROW_HEIGHT + within,
      });
    } else if (top !== now.topRow) {
      moveTo({ ...now, topRow: top, scrollTop: null });
    }
  });

  useEffect(() => {
    const first = topRow * bpr;
    const last = (topRow + BigInt(viewportRows)) * bpr - 1n;
    store.want(first, last, direction.current);
    onViewChange(first, last < sizeBytes ? last : sizeBytes - 1n);
  }, [store, topRow, viewportRows, bpr, onViewChange, sizeBytes]);

  useEffect(
    () => onBytesPerRowShown(position.bytesPerRow),
    [onBytesPerRowShown, position.bytesPerRow],
  );

  // Fit to width: measured on a rendered row, again whenever the grid's width changes.
  useLayoutEffect(() => {
    if (rowWidth !== 'fit' || !element) return;
    const row = element.querySelector<HTMLElement>('[role="row"]');
    if (!row) return;
    const lastLba = (sizeBytes - 1n) / BigInt(sectorSize);
    setFitted(fittingBytesPerRow(row, position.bytesPerRow, element.clientWidth, lastLba));
  }, [element, rowWidth, size.width, position.bytesPerRow, sizeBytes, sectorSize]);

  // The scrollbar's thumb follows the pointer; the rows keep what they show until the bytes of
  // where it points are here (or DRAG_WAIT_MS have passed), then move there in one frame.
  const dragTicket = useRef(0);
  const dragTo = useCallback(
    (row: bigint) => {
      const ticket = ++dragTicket.current;
      const rowBytes = BigInt(positionRef.current.bytesPerRow);
      const target = clampRow(row, 0n, maxTop);
      setDragRow(target);
      const ahead = target >= positionRef.current.topRow ? 1 : -1;
      const last = (target + BigInt(viewportRows)) * rowBytes - 1n;
      void store.fetchSoon(target * rowBytes, last, DRAG_WAIT_MS, ahead).then(() => {
        if (ticket !== dragTicket.current) return;
        showRow(target);
        setDragRow(null);
      });
    },
    [maxTop, showRow, store, viewportRows],
  );

  const moveCursor = useCallback(
    (offset: bigint, extend: boolean, viewRows?: bigint) => {
      const target = offset < 0n ? 0n : offset >= sizeBytes ? sizeBytes - 1n : offset;
      onCursorChange(target, extend);
      const rowBytes = BigInt(positionRef.current.bytesPerRow);
      const row = target / rowBytes;
      const top = positionRef.current.topRow;
      if (viewRows !== undefined) showRow(top + viewRows);
      else if (row < top) showRow(row);
      else if (row >= top + BigInt(viewportRows)) showRow(row - BigInt(viewportRows) + 1n);
    },
    [onCursorChange, showRow, sizeBytes, viewportRows],
  );

  const byteAt = useCallback(
    (inPane: Pane, x: number, y: number): bigint => {
      const grid = elementRef.current;
      const now = positionRef.current;
      if (!grid) return now.topRow * BigInt(now.bytesPerRow);
      const screenRow = Math.min(viewportRows - 1, Math.max(0, screenRowAt(grid, y, ROW_HEIGHT)));
      const column = columnAt(grid, inPane, x, now.bytesPerRow);
      const offset = (now.topRow + BigInt(screenRow)) * BigInt(now.bytesPerRow) + BigInt(column);
      return offset < sizeBytes ? offset : sizeBytes - 1n;
    },
    [sizeBytes, viewportRows],
  );
  const startDrag = useDragSelect({
    grid: () => elementRef.current,
    byteAt,
    extendTo: (offset) => onCursorChange(offset, true),
    scrollAtEdge: (inPane, x, rows) => {
      const grid = elementRef.current;
      showRow(positionRef.current.topRow + BigInt(rows));
      const now = positionRef.current;
      const edge = rows < 0 ? now.topRow : now.topRow + BigInt(viewportRows - 1);
      const column = grid ? columnAt(grid, inPane, x, now.bytesPerRow) : 0;
      const offset = edge * BigInt(now.bytesPerRow) + BigInt(column);
      return offset < sizeBytes ? offset : sizeBytes - 1n;
    },
    rowHeight: ROW_HEIGHT,
  });

  useImperativeHandle(
    ref,
    () => ({
      showOffsetAtTop: (offset: bigint) =>
        showRow(offset / BigInt(positionRef.current.bytesPerRow)),
      focus: () => elementRef.current?.focus({ preventScroll: true }),
      setBusy: (busy: boolean) => elementRef.current?.setAttribute('aria-busy', String(busy)),
    }),
    [showRow],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.metaKey && !event.ctrlKey) return;
    const command = commandFor('grid', event);
    if (!command || command === 'extendSelection') return;
    if (command === 'switchPane') {
      // Within the grid: hex pane, then ASCII pane; past them focus moves on as Tab does.
      const next = event.shiftKey
        ? pane === 'ascii'
          ? 'hex'
          : null
        : pane === 'hex'
          ? 'ascii'
          : null;
      if (next === null) return;
      event.preventDefault();
      setPane(next);
      return;
    }
    event.preventDefault();
    if (command === 'copy') return onCopy();
    const move = moveFor(command, {
      cursor,
      bytesPerRow: bpr,
      sectorSize: BigInt(sectorSize),
      viewportRows,
      sizeBytes,
    });
    moveCursor(move.cursor, event.shiftKey, move.viewRows);
  };
  // Tabbing in from after the grid (Shift+Tab) lands in its last pane, from before in its first;
  // a click lands in the pane clicked.
  const pressed = useRef(false);
  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const from = event.relatedTarget;
    const byPointer = pressed.current;
    pressed.current = false;
    if (byPointer || event.target !== event.currentTarget || !(from instanceof Node)) return;
    const after =
      event.currentTarget.compareDocumentPosition(from) & Node.DOCUMENT_POSITION_FOLLOWING;
    setPane(after ? 'ascii' : 'hex');
  };

  const onPressByte = useCallback(
    (offset: bigint, inPane: Pane, extend: boolean) => {
      setPane(inPane);
      onCursorChange(offset < sizeBytes ? offset : sizeBytes - 1n, extend);
      startDrag(inPane);
    },
    [onCursorChange, sizeBytes, startDrag],
  );
  const pageStateAt = useCallback(
    (offset: bigint) => store.pageState(store.pageIndexOf(offset)),
    [store],
  );
  // Rebuilt every render; the model compares it field by field and tells rows only of changes.
  const rowData: HexRowData = {
    windowStart,
    bytesPerRow: position.bytesPerRow,
    sectorSize,
    sizeBytes,
    offsetMode,
    partitions,
    cursor,
    selection,
    fields,
    pageBytes: store.pageBytes,
    pageStateAt,
    version,
    onPressByte,
  };
  const [model] = useState(() => new GridModel(rowData));
  useLayoutEffect(() => model.update(rowData));
  const rowProps: HexRowProps = useMemo(() => ({ model }), [model]);

  return (
    <div className="grid-frame">
      <SlotList
        ref={gridRef}
        id="hex-grid"
        role="grid"
        aria-label={`Disk contents, ${pane === 'hex' ? 'hex' : 'ASCII'} pane`}
        aria-rowcount={-1}
        aria-multiselectable={true}
        // Constant here; setBusy flips it on the element during a jump.
        aria-busy={false}
        data-top-row={topRow.toString()}
        data-pane={pane}
        tabIndex={0}
        className={`hex-grid bpr-${position.bytesPerRow} pane-${pane}`}
        rowComponent={HexRow}
        rowCount={windowRows}
        rowHeight={ROW_HEIGHT}
        firstRow={Number(topRow - windowStart)}
        viewportRows={viewportRows}
        overscan={OVERSCAN}
        rowProps={rowProps}
        onResize={setSize}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        onMouseDownCapture={() => (pressed.current = true)}
        onMouseUpCapture={() => (pressed.current = false)}
      />
      <Scrollbar
        height={size.height}
        topRow={dragRow ?? topRow}
        maxTop={maxTop}
        viewportRows={viewportRows}
        totalRows={totalRows}
        onScrollTo={dragTo}
      />
    </div>
  );
});
