import { SHORTCUTS, type KeyChord, type Shortcut } from './shortcuts';

const KEY_NAMES: Readonly<Record<string, string>> = {
  ArrowLeft: '←',
  ArrowRight: '→',
  ArrowUp: '↑',
  ArrowDown: '↓',
  PageUp: 'PgUp',
  PageDown: 'PgDn',
  Escape: 'Esc',
};

/** A chord as people write it: "Ctrl+G", "Shift+F3", "Alt+←". */
export function chordLabel(chord: KeyChord): string {
  const name =
    KEY_NAMES[chord.key] ?? (chord.key.length === 1 ? chord.key.toUpperCase() : chord.key);
  const modifiers = [chord.ctrl && 'Ctrl', chord.alt && 'Alt', chord.shift && 'Shift'];
  return [...modifiers.filter(Boolean), name].join('+');
}

/** The keys of a command, for a button's tooltip: "Alt+←", "? or F1". */
export function keysOf(command: Shortcut['command']): string {
  const shortcut = SHORTCUTS.find((candidate) => candidate.command === command);
  return (shortcut?.keys ?? []).map(chordLabel).join(' or ');
}
