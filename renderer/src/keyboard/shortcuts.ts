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
  /** The disk view, on the window, wherever focus is. */
  app: 'focusGoto' | 'back' | 'forward' | 'search' | 'nextHit' | 'previousHit' | 'showHelp';
  /** The hex grid, while it has focus. */
  grid:
    | 'byteLeft'
    | 'byteRight'
    | 'rowUp'
    | 'rowDown'
    | 'sectorUp'
    | 'sectorDown'
    | 'diskStart'
    | 'diskEnd'
    | 'extendSelection';
  /** The list of shortcuts, while it is open. */
  help: 'closeHelp';
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

/** Every keyboard shortcut: what the handlers match and what the help lists. */
export const SHORTCUTS: readonly Shortcut[] = [
  {
    area: 'app',
    keys: [{ key: 'g', ctrl: true }],
    command: 'focusGoto',
    description: 'Go to an LBA or a byte offset (focuses the go-to field)',
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
    description: 'Next search hit after the cursor',
  },
  {
    area: 'app',
    keys: [{ key: 'F3', shift: true }],
    command: 'previousHit',
    description: 'Previous search hit before the cursor',
  },
  {
    area: 'app',
    keys: [{ key: '?' }, { key: 'F1' }],
    command: 'showHelp',
    description: 'Show these keyboard shortcuts',
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
    command: 'sectorUp',
    description: 'Cursor and view one sector up',
  },
  {
    area: 'grid',
    keys: [{ key: 'PageDown' }],
    command: 'sectorDown',
    description: 'Cursor and view one sector down',
  },
  {
    area: 'grid',
    keys: [{ key: 'Home' }],
    command: 'diskStart',
    description: 'Start of the disk',
  },
  { area: 'grid', keys: [{ key: 'End' }], command: 'diskEnd', description: 'End of the disk' },
  {
    area: 'grid',
    // Held, not pressed: with any key above it moves the cursor and grows the selection.
    keys: [{ key: 'Shift' }],
    command: 'extendSelection',
    description: 'Held with any key above: extend the selection',
  },
  {
    area: 'help',
    keys: [{ key: 'Escape' }],
    command: 'closeHelp',
    description: 'Close this list',
  },
];
