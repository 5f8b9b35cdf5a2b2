import { useEffect, useRef } from 'react';
import { flushSync } from 'react-dom';

/**
 * Calls `onScroll` from the element's scroll event and renders what it changes at once, inside
 * flushSync. A browser dispatches scroll events in a frame's rendering steps, before its
 * requestAnimationFrame callbacks, style, layout and paint: rendered there, the rows of the new
 * scroll position are in the frame that shows it. Left to React's scheduling, a scroll update
 * ("continuous" priority) renders in a task after that frame, which then shows rows missing.
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
    const listener = () => flushSync(() => handler.current(element));
    element.addEventListener('scroll', listener, { passive: true });
    return () => element.removeEventListener('scroll', listener);
  }, [element]);
}
