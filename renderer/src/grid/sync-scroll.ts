import { useEffect, useRef } from 'react';
import { flushSync } from 'react-dom';

/**
 * react-window moves its rows from a scroll listener of its own, as a React update of
 * "continuous" priority: React renders it in a task after the frame that already shows the new
 * scroll position, so that frame shows rows missing. This listener dispatches the scroll event
 * again inside flushSync: react-window's listener runs a second time, now at discrete priority,
 * and React renders its rows and `onScroll`'s update before the frame is painted. (Scroll events
 * are dispatched in a frame's rendering steps, before its requestAnimationFrame callbacks.)
 * The order in which the two listeners were added does not matter.
 */
export function useSyncScroll(
  element: HTMLElement | null,
  onScroll: (element: HTMLElement) => void,
): void {
  const handler = useRef(onScroll);
  useEffect(() => {
    handler.current = onScroll;
  });
  useEffect(() => {
    if (!element) return;
    const listener = () => {
      if (echoing.has(element)) return;
      echoing.add(element);
      try {
        flushSync(() => {
          element.dispatchEvent(new Event('scroll'));
          handler.current(element);
        });
      } finally {
        echoing.delete(element);
      }
    };
    element.addEventListener('scroll', listener, { passive: true });
    return () => element.removeEventListener('scroll', listener);
  }, [element]);
}

/** Elements whose scroll event is being dispatched again: the copy is for react-window only. */
const echoing = new Set<HTMLElement>();

/**
 * After the grid set its scroll position itself (in a layout effect), tells react-window at once,
 * so that it renders the rows there in the same commit rather than after a scroll event a frame
 * later. Updates made during a commit are rendered before the browser paints.
 */
export function syncListToScroll(element: HTMLElement): void {
  echoing.add(element);
  try {
    element.dispatchEvent(new Event('scroll'));
  } finally {
    echoing.delete(element);
  }
}
