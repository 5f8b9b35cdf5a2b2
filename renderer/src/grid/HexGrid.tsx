import {
  memo,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type Ref,
} from 'react';
import { List, useListRef } from 'react-window';
import type { PageStore } from '../disk/page-store';
import { useStoreVersion } from '../disk/use-store-version';
import type { DecodedField } from '../../../electron/shared/disk';
import { commandFor } from '../keyboard/match-shortcut';
import type { GridCommand } from '../keyboard/shortcuts';
import type { OffsetMode, PartitionSpan } from './format';
import { GridModel } from './grid-model';
import { HexRow, type ByteRange, type HexRowData, type HexRowProps } from './HexRow';
import { Scrollbar } from './Scrollbar';
import {
  centeredWindowStart,
  clampRow,
  maxTopRow,
  needsRebase,
  ROW_HEIGHT,
  windowRowsFor,
  windowStartKeepingScroll,
} from './scroll-window';

/** DOM scrolling lives outside the component so that React's rules see no hook value mutated. */
function scrollElementTo(element: HTMLElement, top: number): void {
  element.scrollTop = top;
}

const OVERSCAN = 2;
/** Shift is not a move of its own: held with a move, it extends the selection. */
type GridMove = Exclude<GridCommand, 'extendSelection'>;
/** Scrolling past the end clamps to the last position. */
const BOTTOM = Number.MAX_SAFE_INTEGER;

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
  bytesPerRow: number;
  offsetMode: OffsetMode;
  partitions: readonly PartitionSpan[];
  cursor: bigint;
  selection: ByteRange | null;
  fields: readonly DecodedField[];
  /** The cursor moved; `extend` when Shift grows the selection from where it was. */
  onCursorChange: (offset: bigint, extend: boolean) => void;
  /** First and last byte offsets on screen. */
  onViewChange: (first: bigint, last: bigint) => void;
}

/**
 * The whole disk as rows of bytes. react-window renders the visible rows of a native scroll
 * window; the window itself moves through the disk by a bigint start row.
 */
export const HexGrid = memo(function HexGrid(props: HexGridProps) {
  const { ref, store, sizeBytes, sectorSize, bytesPerRow, offsetMode, cursor, onCursorChange } =
    props;
  const { partitions, selection, fields, onViewChange } = props;
  const listRef = useListRef(null);
  const bpr = BigInt(bytesPerRow);
  const totalRows = (sizeBytes + bpr - 1n) / bpr;
  const windowRows = windowRowsFor(totalRows);

  const [windowStart, setWindowStart] = useState(0n);
  const [topRow, setTopRow] = useState(0n);
  const [height, setHeight] = useState(600);
  const viewportRows = Math.max(1, Math.floor(height / ROW_HEIGHT));
  const maxTop = maxTopRow(totalRows, viewportRows);
  const version = useStoreVersion(
    store,
    (topRow - BigInt(OVERSCAN)) * bpr,
    (topRow + BigInt(viewportRows + OVERSCAN)) * bpr,
  );

  const windowStartRef = useRef(windowStart);
  const topRowRef = useRef(topRow);
  const pendingScrollTop = useRef<number | null>(null);
  const direction = useRef<1 | -1>(1);

  const moveTop = useCallback((row: bigint) => {
    direction.current = row >= topRowRef.current ? 1 : -1;
    topRowRef.current = row;
    setTopRow(row);
  }, []);

  const showRow = useCallback(
    (row: bigint) => {
      const element = listRef.current?.element;
      const target = clampRow(row, 0n, maxTop);
      const start = windowStartRef.current;
      // Ask for the bytes now, while React renders the move.
      store.want(
        target * bpr,
        (target + BigInt(viewportRows)) * bpr - 1n,
        target >= topRowRef.current ? 1 : -1,
      );
      const fits = target >= start && target + BigInt(viewportRows) <= start + BigInt(windowRows);
      // The last rows sit flush with the bottom, even when the view is not a whole number of rows.
      const atEnd = target === maxTop && maxTop > 0n;
      const scrollRow = element ? Math.floor(element.scrollTop / ROW_HEIGHT + 0.001) : 0;
      const keepingScroll = atEnd
        ? null
        : windowStartKeepingScroll(target, scrollRow, viewportRows, windowRows, totalRows);
      if (keepingScroll !== null && element) {
        // Snaps a part-scrolled row to the top; react-window's rendered rows stay as they are.
        scrollElementTo(element, scrollRow * ROW_HEIGHT);
        if (keepingScroll !== start) {
          windowStartRef.current = keepingScroll;
          setWindowStart(keepingScroll);
        }
      } else if (fits && element) {
        scrollElementTo(element, atEnd ? BOTTOM : Number(target - start) * ROW_HEIGHT);
      } else {
        const newStart = centeredWindowStart(target, totalRows, windowRows);
        pendingScrollTop.current = atEnd ? BOTTOM : Number(target - newStart) * ROW_HEIGHT;
        windowStartRef.current = newStart;
        setWindowStart(newStart);
      }
      moveTop(target);
    },
    [bpr, listRef, maxTop, moveTop, store, totalRows, viewportRows, windowRows],
  );

  // A new window start is applied together with its scroll position, before paint.
  useLayoutEffect(() => {
    const element = listRef.current?.element;
    if (element && pendingScrollTop.current !== null) {
      scrollElementTo(element, pendingScrollTop.current);
      pendingScrollTop.current = null;
    }
  }, [listRef, windowStart]);

  // Rows per window or bytes per row changed: keep the cursor's row in view.
  const layoutKey = `${totalRows}`;
  const lastLayoutKey = useRef(layoutKey);
  useLayoutEffect(() => {
    if (lastLayoutKey.current === layoutKey) return;
    lastLayoutKey.current = layoutKey;
    const newStart = centeredWindowStart(cursor / bpr, totalRows, windowRows);
    pendingScrollTop.current = Number(clampRow(cursor / bpr, 0n, maxTop) - newStart) * ROW_HEIGHT;
    windowStartRef.current = newStart;
    setWindowStart(newStart);
    moveTop(clampRow(cursor / bpr, 0n, maxTop));
  }, [layoutKey, cursor, bpr, totalRows, windowRows, maxTop, moveTop]);

  useEffect(() => {
    const element = listRef.current?.element;
    if (!element) return;
    const onScroll = () => {
      const scrollRow = Math.floor(element.scrollTop / ROW_HEIGHT + 0.001);
      const start = windowStartRef.current;
      const top = clampRow(start + BigInt(scrollRow), 0n, maxTop);
      if (top !== topRowRef.current) moveTop(top);
      if (
        pendingScrollTop.current === null &&
        needsRebase(scrollRow, viewportRows, start, windowRows, totalRows)
      ) {
        const newStart = centeredWindowStart(top, totalRows, windowRows);
        pendingScrollTop.current =
          Number(top - newStart) * ROW_HEIGHT + (element.scrollTop % ROW_HEIGHT);
        windowStartRef.current = newStart;
        setWindowStart(newStart);
      }
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => element.removeEventListener('scroll', onScroll);
  }, [listRef, maxTop, moveTop, totalRows, viewportRows, windowRows]);

  useEffect(() => {
    const first = topRow * bpr;
    const last = (topRow + BigInt(viewportRows)) * bpr - 1n;
    store.want(first, last, direction.current);
    onViewChange(first, last < sizeBytes ? last : sizeBytes - 1n);
  }, [store, topRow, viewportRows, bpr, onViewChange, sizeBytes]);

  const moveCursor = useCallback(
    (offset: bigint, extend: boolean, viewDelta?: bigint) => {
      const target = offset < 0n ? 0n : offset >= sizeBytes ? sizeBytes - 1n : offset;
      onCursorChange(target, extend);
      const row = target / bpr;
      const top = topRowRef.current;
      if (viewDelta !== undefined) showRow(top + viewDelta);
      else if (row < top) showRow(row);
      else if (row >= top + BigInt(viewportRows)) showRow(row - BigInt(viewportRows) + 1n);
    },
    [bpr, onCursorChange, showRow, sizeBytes, viewportRows],
  );

  useImperativeHandle(
    ref,
    () => ({
      showOffsetAtTop: (offset: bigint) => showRow(offset / bpr),
      focus: () => listRef.current?.element?.focus({ preventScroll: true }),
      setBusy: (busy: boolean) => listRef.current?.element?.setAttribute('aria-busy', String(busy)),
    }),
    [bpr, listRef, showRow],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Alt and Meta with these keys belong to the app (Alt+← is Back).
    if (event.altKey || event.metaKey) return;
    const command = commandFor('grid', event);
    if (!command || command === 'extendSelection') return;
    const sector = BigInt(sectorSize);
    const sectorRows = sector / bpr;
    const extend = event.shiftKey;
    const moves: Record<GridMove, () => void> = {
      byteLeft: () => moveCursor(cursor - 1n, extend),
      byteRight: () => moveCursor(cursor + 1n, extend),
      rowUp: () => moveCursor(cursor - bpr, extend),
      rowDown: () => moveCursor(cursor + bpr, extend),
      sectorUp: () => moveCursor(cursor - sector, extend, -sectorRows),
      sectorDown: () => moveCursor(cursor + sector, extend, sectorRows),
      diskStart: () => moveCursor(0n, extend),
      diskEnd: () => moveCursor(sizeBytes - 1n, extend),
    };
    event.preventDefault();
    moves[command]();
  };

  const onSelectByte = useCallback(
    (offset: bigint, extend: boolean) => onCursorChange(offset, extend),
    [onCursorChange],
  );
  const pageAt = useCallback((offset: bigint) => store.page(store.pageIndexOf(offset)), [store]);
  // Rebuilt every render; the model compares it field by field and tells rows only of changes.
  const rowData: HexRowData = {
    windowStart,
    bytesPerRow,
    sectorSize,
    sizeBytes,
    offsetMode,
    partitions,
    cursor,
    selection,
    fields,
    pageBytes: store.pageBytes,
    pageAt,
    version,
    onSelectByte,
  };
  const [model] = useState(() => new GridModel(rowData));
  useLayoutEffect(() => model.update(rowData));
  const rowProps: HexRowProps = useMemo(() => ({ model }), [model]);

  return (
    <div className="grid-frame">
      <List
        id="hex-grid"
        role="grid"
        aria-label="Disk contents"
        aria-rowcount={-1}
        // Constant here; setBusy flips it on the element during a jump.
        aria-busy={false}
        data-top-row={topRow.toString()}
        tabIndex={0}
        className={`hex-grid bpr-${bytesPerRow}`}
        listRef={listRef}
        rowComponent={HexRow}
        rowCount={windowRows}
        rowHeight={ROW_HEIGHT}
        rowProps={rowProps}
        overscanCount={OVERSCAN}
        defaultHeight={600}
        onResize={(size) => setHeight(size.height)}
        onKeyDown={onKeyDown}
      />
      <Scrollbar
        height={height}
        topRow={topRow}
        maxTop={maxTop}
        viewportRows={viewportRows}
        totalRows={totalRows}
        onScrollTo={showRow}
      />
    </div>
  );
});
