import {
  SHORTCUTS,
  type AreaCommands,
  type KeyChord,
  type Shortcut,
  type ShortcutArea,
} from './shortcuts';

/** The parts of a KeyboardEvent that decide which shortcut it is. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

function modifierCount(chord: KeyChord): number {
  return Number(chord.ctrl ?? false) + Number(chord.alt ?? false) + Number(chord.shift ?? false);
}

/** A chord without Ctrl or Alt whose key is one character types that character. */
function typesText(chord: KeyChord): boolean {
  return chord.key.length === 1 && !chord.ctrl && !chord.alt;
}

function matches(chord: KeyChord, press: KeyPress): boolean {
  return (
    press.key.toLowerCase() === chord.key.toLowerCase() &&
    (!chord.ctrl || press.ctrlKey || press.metaKey) &&
    (!chord.alt || press.altKey) &&
    (!chord.shift || press.shiftKey)
  );
}

/**
 * The shortcut a key press means, or null. A chord matches its key pressed with at least its
 * modifiers (Ctrl+Shift+F still searches, Shift with an arrow still moves the cursor); when
 * several match, the one naming the most modifiers wins (Shift+F3 over F3, Alt+← over ←).
 * In a text field, keys that type a character are typing, not shortcuts.
 */
export function shortcutFor(press: KeyPress, inTextField: boolean): Shortcut | null {
  let best: { shortcut: Shortcut; modifiers: number } | null = null;
  for (const shortcut of SHORTCUTS) {
    for (const chord of shortcut.keys) {
      if (!matches(chord, press) || (inTextField && typesText(chord))) continue;
      const modifiers = modifierCount(chord);
      if (!best || modifiers > best.modifiers) best = { shortcut, modifiers };
    }
  }
  return best?.shortcut ?? null;
}

/** The command of `area` a key press means, or null when it means nothing there. */
export function commandFor<A extends ShortcutArea>(
  area: A,
  press: KeyPress,
  inTextField = false,
): AreaCommands[A] | null {
  const shortcut = shortcutFor(press, inTextField);
  return shortcut?.area === area ? (shortcut.command as AreaCommands[A]) : null;
}
