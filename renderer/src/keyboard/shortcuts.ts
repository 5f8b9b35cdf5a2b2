/** A key as KeyboardEvent.key names it (letters in lower case), with the modifiers it needs. */
export interface KeyChord {
  key: string;
  /** Ctrl, or ⌘ on a Mac. */
  ctrl?: boolean;
  alt?: boolean;
  shift?: boolean;
}

/** The commands of each place that handles keys. */
export interface AreaCommands {
  /** The disk view, on the window, wherever focus is (a dialog takes the keys while open). */
  app:
    'focusGoto' | 'back' | 'forward' | 'search' | 'nextHit' | 'previousHit' | 'showHelp' | 'escape';
  /** The hex grid, while it has focus. */
  grid:
    | 'byteLeft'
    | 'byteRight'
    | 'rowUp'
    | 'rowDown'
    | 'screenUp'
    | 'screenDown'
    | 'sectorUp'
    | 'sectorDown'
    | 'rowStart'
    | 'rowEnd'
    | 'diskStart'
    | 'diskEnd'
    | 'extendSelection'
    | 'copy'
    | 'switchPane';
}

export type ShortcutArea = keyof AreaCommands;
export type AppCommand = AreaCommands['app'];
export type GridCommand = AreaCommands['grid'];

export type Shortcut = {
  [A in ShortcutArea]: {
    area: A;
    /** Any of these runs the command. */
    keys: readonly KeyChord[];
    command: AreaCommands[A];
    description: string;
  };
}[ShortcutArea];

/**
 * Every keyboard shortcut: what the handlers match and what the help lists. None is a key the
 * browser keeps for itself (Ctrl+PgUp/PgDn, Ctrl+W, Ctrl+T...): each works in browser mode too.
 */
export const SHORTCUTS: readonly Shortcut[] = [
  {
    area: 'app',
    keys: [{ key: 'g', ctrl: true }],
    command: 'focusGoto',
    description: 'Go to an LBA, an offset or a range (focuses the go-to field)',
  },
  {
    area: 'app',
    keys: [{ key: 'ArrowLeft', alt: true }],
    command: 'back',
    description: 'Back through the jump history',
  },
  {
    area: 'app',
    keys: [{ key: 'ArrowRight', alt: true }],
    command: 'forward',
    description: 'Forward through the jump history',
  },
  {
    area: 'app',
    keys: [{ key: 'f', ctrl: true }],
    command: 'search',
    description: 'Search the disk',
  },
  {
    area: 'app',
    keys: [{ key: 'F3' }],
    command: 'nextHit',
    description: 'Select the next search hit after the cursor',
  },
  {
    area: 'app',
    keys: [{ key: 'F3', shift: true }],
    command: 'previousHit',
    description: 'Select the previous search hit before the cursor',
  },
  {
    area: 'app',
    keys: [{ key: '?' }, { key: 'F1' }],
    command: 'showHelp',
    description: 'Show these keyboard shortcuts',
  },
  {
    area: 'app',
    keys: [{ key: 'Escape' }],
    command: 'escape',
    description: 'Close this list or the open panel, or clear the selection',
  },
  {
    area: 'grid',
    keys: [{ key: 'ArrowLeft' }],
    command: 'byteLeft',
    description: 'Cursor one byte left',
  },
  {
    area: 'grid',
    keys: [{ key: 'ArrowRight' }],
    command: 'byteRight',
    description: 'Cursor one byte right',
  },
  { area: 'grid', keys: [{ key: 'ArrowUp' }], command: 'rowUp', description: 'Cursor one row up' },
  {
    area: 'grid',
    keys: [{ key: 'ArrowDown' }],
    command: 'rowDown',
    description: 'Cursor one row down',
  },
  {
    area: 'grid',
    keys: [{ key: 'PageUp' }],
    command: 'screenUp',
    description: 'Cursor and view one screen up',
  },
  {
    area: 'grid',
    keys: [{ key: 'PageDown' }],
    command: 'screenDown',
    description: 'Cursor and view one screen down',
  },
  {
    area: 'grid',
    keys: [{ key: 'PageUp', alt: true }],
    command: 'sectorUp',
    description: 'Cursor and view one sector up',
  },
  {
    area: 'grid',
    keys: [{ key: 'PageDown', alt: true }],
    command: 'sectorDown',
    description: 'Cursor and view one sector down',
  },
  {
    area: 'grid',
    keys: [{ key: 'Home' }],
    command: 'rowStart',
    description: 'Start of the row',
  },
  { area: 'grid', keys: [{ key: 'End' }], command: 'rowEnd', description: 'End of the row' },
  {
    area: 'grid',
    keys: [{ key: 'Home', ctrl: true }],
    command: 'diskStart',
    description: 'Start of the disk',
  },
  {
    area: 'grid',
    keys: [{ key: 'End', ctrl: true }],
    command: 'diskEnd',
    description: 'End of the disk',
  },
  {
    area: 'grid',
    // Held, not pressed: with any key above it moves the cursor and grows the selection.
    keys: [{ key: 'Shift' }],
    command: 'extendSelection',
    description: 'Held with any key above, or with a click: extend the selection',
  },
  {
    area: 'grid',
    keys: [{ key: 'c', ctrl: true }],
    command: 'copy',
    description: 'Copy the selection in the format chosen in the toolbar',
  },
  {
    area: 'grid',
    keys: [{ key: 'Tab' }, { key: 'Tab', shift: true }],
    command: 'switchPane',
    description: 'Next / previous of: hex pane, ASCII pane, the panels',
  },
];
