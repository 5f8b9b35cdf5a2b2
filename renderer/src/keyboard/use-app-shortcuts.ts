import { useEffect, useLayoutEffect, useRef } from 'react';
import { commandFor } from './match-shortcut';
import type { AppCommand } from './shortcuts';

const NOT_TEXT_INPUTS = new Set([
  'checkbox',
  'radio',
  'button',
  'submit',
  'reset',
  'range',
  'color',
  'file',
]);

/** Whether keys pressed in `target` type into it. */
export function isTextField(target: EventTarget | null): boolean {
  if (target instanceof HTMLInputElement) return !NOT_TEXT_INPUTS.has(target.type);
  return (
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLElement && target.isContentEditable)
  );
}

/**
 * Runs the app's shortcuts (the 'app' rows of SHORTCUTS) from keys pressed anywhere in the
 * window, while `enabled`.
 */
export function useAppShortcuts(run: Record<AppCommand, () => void>, enabled: boolean): void {
  // Read through a ref: the handlers change with every render, the listener stays.
  const handlers = useRef(run);
  useLayoutEffect(() => {
    handlers.current = run;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      const command = commandFor('app', event, isTextField(event.target));
      if (!command) return;
      event.preventDefault();
      handlers.current[command]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
