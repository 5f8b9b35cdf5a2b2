import { useCallback, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import type { PageStore } from '../disk/page-store';
import type { HexGridHandle } from '../grid/HexGrid';
import type { ByteRange } from '../grid/HexRow';
import { JumpHistory } from './jump-history';

/** How long a jump waits for its bytes before it shows placeholders. */
const JUMP_WAIT_MS = 40;

interface NavigationOptions {
  store: PageStore;
  sectorSize: bigint;
}

export interface Navigation {
  cursor: bigint;
  /** Bytes between the selection's anchor and the cursor, both included; null without one. */
  selection: ByteRange | null;
  /** The bytes on screen. */
  view: ByteRange;
  canGoBack: boolean;
  canGoForward: boolean;
  grid: RefObject<HexGridHandle | null>;
  gotoInput: RefObject<HTMLInputElement | null>;
  /** The cursor as it is now, for callbacks that should not change with it. */
  currentCursor: () => bigint;
  /** Moves to `offset` with its row at the top, recorded in the jump history. */
  jump: (offset: bigint) => void;
  /** Jumps to the start of `range` and selects it (a search hit, a go-to with a length). */
  jumpAndSelect: (range: ByteRange) => void;
  /** Clears the selection; false when there was none. */
  clearSelection: () => boolean;
  jumpToLba: (lba: bigint) => void;
  goBack: () => void;
  goForward: () => void;
  focusGoto: () => void;
  /** The grid moved the cursor; `extend` grows the selection from where the cursor was. */
  moveCursor: (offset: bigint, extend: boolean) => void;
  /** The grid shows bytes [first, last]. */
  showView: (first: bigint, last: bigint) => void;
  /** Selects `range`, brought into view if it is not. */
  select: (range: ByteRange) => void;
}

/** Where the disk view is: cursor, selection, the bytes on screen, and jumps with their history. */
export function useNavigation({ store, sectorSize }: NavigationOptions): Navigation {
  const [cursor, setCursor] = useState(0n);
  const [anchor, setAnchor] = useState<bigint | null>(null);
  const [view, setView] = useState<ByteRange>({ start: 0n, end: 0n });
  const [canGo, setCanGo] = useState({ back: false, forward: false });
  const history = useRef(new JumpHistory());
  const grid = useRef<HexGridHandle>(null);
  const gotoInput = useRef<HTMLInputElement>(null);
  const cursorRef = useRef(cursor);
  const anchorRef = useRef(anchor);
  const viewRef = useRef(view);
  useLayoutEffect(() => {
    cursorRef.current = cursor;
    anchorRef.current = anchor;
    viewRef.current = view;
  }, [cursor, anchor, view]);

  const selection: ByteRange | null = useMemo(
    () =>
      anchor === null
        ? null
        : {
            start: anchor < cursor ? anchor : cursor,
            end: (anchor < cursor ? cursor : anchor) + 1n,
          },
    [anchor, cursor],
  );

  // A jump lands when its bytes are here (or after a short wait): one render and one paint, in
  // the task that brought the bytes. Until then nothing on screen changes, not even focus or the
  // Back button: a paint in between would compete for the CPU with the reply on its way.
  const landing = useRef(0);
  const land = useCallback(
    (offset: bigint, focusGrid: boolean, select?: ByteRange) => {
      const ticket = ++landing.current;
      // Marked on the element itself: a React render here would hold the main thread just
      // when the bytes arrive.
      grid.current?.setBusy(true);
      // From the start of its sector: every row width starts a row there.
      const from = offset - (offset % sectorSize);
      const viewBytes = viewRef.current.end - viewRef.current.start;
      void store.fetchSoon(from, offset + viewBytes + sectorSize, JUMP_WAIT_MS).then(() => {
        if (ticket !== landing.current) return;
        flushSync(() => {
          // A selection made by a jump has the cursor on its first byte, as a search hit's.
          setCursor(offset);
          setAnchor(select ? select.end - 1n : null);
          setCanGo({ back: history.current.canBack, forward: history.current.canForward });
          grid.current?.showOffsetAtTop(offset);
        });
        grid.current?.setBusy(false);
        if (focusGrid) grid.current?.focus();
      });
    },
    [sectorSize, store],
  );

  const jump = useCallback(
    (offset: bigint) => {
      history.current.push(cursorRef.current, offset);
      land(offset, true);
    },
    [land],
  );
  const jumpAndSelect = useCallback(
    (range: ByteRange) => {
      history.current.push(cursorRef.current, range.start);
      land(range.start, true, range);
    },
    [land],
  );
  const jumpToLba = useCallback((lba: bigint) => jump(lba * sectorSize), [jump, sectorSize]);
  const goBack = useCallback(() => {
    const offset = history.current.back();
    if (offset !== null) land(offset, false);
  }, [land]);
  const goForward = useCallback(() => {
    const offset = history.current.forward();
    if (offset !== null) land(offset, false);
  }, [land]);

  const focusGoto = useCallback(() => {
    gotoInput.current?.focus();
    gotoInput.current?.select();
  }, []);
  const currentCursor = useCallback(() => cursorRef.current, []);
  const moveCursor = useCallback((offset: bigint, extend: boolean) => {
    setAnchor((current) => (extend ? (current ?? cursorRef.current) : null));
    setCursor(offset);
  }, []);
  const showView = useCallback(
    (first: bigint, last: bigint) => setView({ start: first, end: last + 1n }),
    [],
  );
  const clearSelection = useCallback(() => {
    if (anchorRef.current === null) return false;
    setAnchor(null);
    return true;
  }, []);
  const select = useCallback((range: ByteRange) => {
    setAnchor(range.start);
    setCursor(range.end - 1n);
    const shown = viewRef.current;
    if (range.start < shown.start || range.end > shown.end) {
      grid.current?.showOffsetAtTop(range.start);
    }
  }, []);

  return {
    cursor,
    selection,
    view,
    canGoBack: canGo.back,
    canGoForward: canGo.forward,
    grid,
    gotoInput,
    currentCursor,
    jump,
    jumpAndSelect,
    clearSelection,
    jumpToLba,
    goBack,
    goForward,
    focusGoto,
    moveCursor,
    showView,
    select,
  };
}
