import { useCallback, useEffect, useRef } from 'react';
import type { Pane } from './grid-pointer';

/** How often the view moves while the pointer is held beyond an edge of the grid. */
const AUTO_SCROLL_MS = 50;

export interface DragSelectOptions {
  grid: () => HTMLElement | null;
  /** The byte at the pointer, its row clamped to the rows on screen. */
  byteAt: (pane: Pane, x: number, y: number) => bigint;
  /** The cursor moves to `offset`, the selection stretching from where the drag began. */
  extendTo: (offset: bigint) => void;
  /**
   * Moves the view `rows` rows (negative: up) and returns the byte at the pointer's column on
   * the row now at that edge (the first row going up, the last going down).
   */
  scrollAtEdge: (pane: Pane, x: number, rows: number) => bigint;
  rowHeight: number;
}

/**
 * Selection by dragging in the hex or the ASCII pane, as in HxD: the selection follows the
 * pointer, and while the pointer is held above or below the grid the view scrolls that way,
 * faster the further away it is. Returns the function that starts a drag from a press.
 */
export function useDragSelect(options: DragSelectOptions): (pane: Pane) => void {
  const current = useRef(options);
  useEffect(() => {
    current.current = options;
  });
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => () => stop.current?.(), []);

  return useCallback((pane: Pane) => {
    stop.current?.();
    let pointer: { x: number; y: number } | null = null;
    let timer: ReturnType<typeof setInterval> | null = null;

    /** Rows beyond the grid's top (negative) or bottom (positive) the pointer is; 0 inside. */
    const beyond = (y: number): number => {
      const box = current.current.grid()?.getBoundingClientRect();
      if (!box) return 0;
      const { rowHeight } = current.current;
      if (y < box.top) return -(1 + Math.floor((box.top - y) / rowHeight));
      if (y >= box.bottom) return 1 + Math.floor((y - box.bottom) / rowHeight);
      return 0;
    };
    const tick = () => {
      if (!pointer) return;
      const rows = beyond(pointer.y);
      if (rows === 0) return;
      current.current.extendTo(current.current.scrollAtEdge(pane, pointer.x, rows));
    };
    const onMove = (event: MouseEvent) => {
      pointer = { x: event.clientX, y: event.clientY };
      if (beyond(pointer.y) === 0) {
        current.current.extendTo(current.current.byteAt(pane, pointer.x, pointer.y));
        if (timer !== null) clearInterval(timer);
        timer = null;
      } else if (timer === null) {
        tick();
        timer = setInterval(tick, AUTO_SCROLL_MS);
      }
    };
    const end = () => {
      if (timer !== null) clearInterval(timer);
      window.removeEventListener('mousemove', onMove);
      window.removeEventListener('mouseup', end);
      window.removeEventListener('blur', end);
      stop.current = null;
    };
    window.addEventListener('mousemove', onMove);
    window.addEventListener('mouseup', end);
    window.addEventListener('blur', end);
    stop.current = end;
  }, []);
}
