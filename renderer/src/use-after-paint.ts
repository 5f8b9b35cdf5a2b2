import { useEffect, useState } from 'react';

/**
 * `value`, but updated only after the next frame has been painted. For views that may lag a
 * frame behind (side panels, the status bar) so that the frame showing a change in the grid
 * does not also lay them out. Also updates after `fallbackMs` when no frame comes (a hidden tab).
 */
export function useAfterPaint<T>(value: T, fallbackMs = 100): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(shown, value)) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = () => setShown(() => value);
    // A task queued from requestAnimationFrame runs after that frame's paint.
    const frame = requestAnimationFrame(() => {
      clearTimeout(fallback);
      timer = setTimeout(show, 0);
    });
    const fallback = setTimeout(() => {
      cancelAnimationFrame(frame);
      show();
    }, fallbackMs);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(fallback);
      clearTimeout(timer);
    };
  }, [value, shown, fallbackMs]);
  return shown;
}
