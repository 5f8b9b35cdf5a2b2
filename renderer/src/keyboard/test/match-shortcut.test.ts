import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chordLabel, keysOf } from '../key-labels';
import { commandFor, shortcutFor, type KeyPress } from '../match-shortcut';
import { SHORTCUTS, type KeyChord } from '../shortcuts';

function press(
  key: string,
  held: { ctrl?: boolean; alt?: boolean; shift?: boolean; meta?: boolean } = {},
): KeyPress {
  return {
    key,
    ctrlKey: held.ctrl ?? false,
    altKey: held.alt ?? false,
    shiftKey: held.shift ?? false,
    metaKey: held.meta ?? false,
  };
}

const pressOf = (chord: KeyChord) => press(chord.key, chord);

test('every chord of the table means its own shortcut and no other', () => {
  for (const shortcut of SHORTCUTS) {
    for (const chord of shortcut.keys) {
      assert.equal(shortcutFor(pressOf(chord), false), shortcut, chordLabel(chord));
    }
  }
});

test('each command has one row, so its keys are written in one place', () => {
  const commands = SHORTCUTS.map((shortcut) => shortcut.command);
  assert.equal(new Set(commands).size, commands.length);
});

test('the chord naming more modifiers wins: Shift+F3 goes back, Alt+← is Back, not the grid', () => {
  assert.equal(commandFor('app', press('F3')), 'nextHit');
  assert.equal(commandFor('app', press('F3', { shift: true })), 'previousHit');
  assert.equal(commandFor('app', press('ArrowLeft', { alt: true })), 'back');
  assert.equal(commandFor('grid', press('ArrowLeft', { alt: true })), null);
  assert.equal(commandFor('app', press('ArrowLeft')), null);
});

test('extra modifiers do not stop a shortcut, as before the table', () => {
  assert.equal(commandFor('app', press('F', { ctrl: true, shift: true })), 'search');
  assert.equal(commandFor('app', press('f', { meta: true })), 'search', '⌘F on a Mac');
  assert.equal(commandFor('app', press('F3', { ctrl: true })), 'nextHit');
  assert.equal(commandFor('grid', press('ArrowDown', { shift: true })), 'rowDown');
  assert.equal(commandFor('grid', press('Home', { ctrl: true, shift: true })), 'diskStart');
  assert.equal(commandFor('grid', press('PageDown', { shift: true })), 'screenDown');
});

test('HxD and WinHex habits: a screen with PgDn, a sector with Alt, the row with Home, the disk with Ctrl', () => {
  assert.equal(commandFor('grid', press('PageDown')), 'screenDown');
  assert.equal(commandFor('grid', press('PageUp')), 'screenUp');
  assert.equal(commandFor('grid', press('PageDown', { alt: true })), 'sectorDown');
  assert.equal(commandFor('grid', press('PageUp', { alt: true, shift: true })), 'sectorUp');
  assert.equal(commandFor('grid', press('Home')), 'rowStart');
  assert.equal(commandFor('grid', press('End')), 'rowEnd');
  assert.equal(commandFor('grid', press('Home', { ctrl: true })), 'diskStart');
  assert.equal(commandFor('grid', press('End', { ctrl: true })), 'diskEnd');
  assert.equal(commandFor('grid', press('Tab', { shift: true })), 'switchPane');
  assert.equal(commandFor('grid', press('c', { ctrl: true })), 'copy');
});

test('no shortcut is a key the browser keeps for itself', () => {
  const reserved = ['PageUp', 'PageDown', 'w', 't', 'n', 'Tab', 'q', 'l', 'r'];
  for (const shortcut of SHORTCUTS) {
    for (const chord of shortcut.keys) {
      const label = chordLabel(chord);
      assert.ok(!(chord.ctrl && reserved.includes(chord.key)), `${label} belongs to the browser`);
      assert.ok(!(chord.ctrl && chord.shift && chord.key.toLowerCase() === 'i'), label);
    }
  }
});

test('a missing modifier is a different key: G alone does not go to', () => {
  assert.equal(shortcutFor(press('g'), false), null);
  assert.equal(shortcutFor(press('F', { shift: true }), false), null);
});

test('in a text field, ? is typed; F1 and Ctrl+G still act', () => {
  assert.equal(commandFor('app', press('?', { shift: true })), 'showHelp');
  assert.equal(commandFor('app', press('?', { shift: true }), true), null);
  assert.equal(commandFor('app', press('F1'), true), 'showHelp');
  assert.equal(commandFor('app', press('g', { ctrl: true }), true), 'focusGoto');
});

test('labels read as people write keys', () => {
  assert.equal(chordLabel({ key: 'g', ctrl: true }), 'Ctrl+G');
  assert.equal(chordLabel({ key: 'ArrowLeft', alt: true }), 'Alt+←');
  assert.equal(chordLabel({ key: 'PageDown' }), 'PgDn');
  assert.equal(keysOf('showHelp'), '? or F1');
});
