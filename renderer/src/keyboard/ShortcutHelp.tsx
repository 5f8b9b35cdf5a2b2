import { Fragment, useEffect, useRef, type KeyboardEvent } from 'react';
import { chordLabel } from './key-labels';
import { commandFor } from './match-shortcut';
import { SHORTCUTS, type ShortcutArea } from './shortcuts';

const AREA_TITLES: Record<ShortcutArea, string> = {
  app: 'Anywhere',
  grid: 'In the hex grid',
};

interface ShortcutHelpProps {
  onClose: () => void;
}

/** The keyboard shortcuts, listed from SHORTCUTS in a modal dialog. */
export function ShortcutHelp({ onClose }: ShortcutHelpProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);

  // showModal makes the rest of the page inert: Tab, clicks and screen readers stay in the list.
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    const returnTo = document.activeElement;
    element.showModal();
    closeButton.current?.focus();
    return () => {
      element.close();
      if (returnTo instanceof HTMLElement && returnTo.isConnected) returnTo.focus();
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (commandFor('app', event) !== 'escape') return;
    // Also keeps the browser from closing the dialog behind React's back.
    event.preventDefault();
    onClose();
  };

  return (
    <dialog
      ref={dialog}
      className="shortcut-help"
      role="dialog"
      aria-modal="true"
      aria-labelledby="shortcut-help-title"
      onKeyDown={onKeyDown}
      // Any other way the browser closes it (a close request other than Esc).
      onClose={(event) => {
        if (!event.currentTarget.open) onClose();
      }}
    >
      <header className="shortcut-help-head">
        <h2 id="shortcut-help-title">Keyboard shortcuts</h2>
        <button type="button" ref={closeButton} onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      {(Object.keys(AREA_TITLES) as ShortcutArea[]).map((area) => (
        <table key={area} className="shortcut-table">
          <caption>{AREA_TITLES[area]}</caption>
          <tbody>
            {SHORTCUTS.filter((shortcut) => shortcut.area === area).map((shortcut) => (
              <tr key={shortcut.command}>
                <th scope="row">
                  {shortcut.keys.map((chord, index) => (
                    <Fragment key={chordLabel(chord)}>
                      {index > 0 ? ' or ' : null}
                      <kbd>{chordLabel(chord)}</kbd>
                    </Fragment>
                  ))}
                </th>
                <td>{shortcut.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </dialog>
  );
}
