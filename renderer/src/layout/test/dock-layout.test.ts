import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CENTER_MIN_WIDTH,
  DOCK_LAYOUT_KEY,
  fitSides,
  readDockLayout,
  SIDE_LIMITS,
  writeDockLayout,
} from '../dock-layout';
import { groupPanels } from '../group-panels';
import type { PanelDef } from '../panel-types';

/** A Storage over a Map, as the page's localStorage behaves. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

test('the layout is remembered and read back, each value checked', () => {
  const storage = memoryStorage();
  const first = readDockLayout(storage, 1600);
  writeDockLayout(storage, { ...first, left: 333, rightSplit: 0.3, tabs: { 'left-upper': 'x' } });
  const again = readDockLayout(storage, 1600);
  assert.equal(again.left, 333);
  assert.equal(again.rightSplit, 0.3);
  assert.deepEqual(again.tabs, { 'left-upper': 'x' });

  storage.setItem(DOCK_LAYOUT_KEY, JSON.stringify({ left: -5, right: 'wide', bottom: 1e9 }));
  const checked = readDockLayout(storage, 1600);
  assert.equal(checked.left, SIDE_LIMITS.min, 'clamped');
  assert.equal(checked.right, first.right, 'not a number: the default');
  assert.equal(checked.bottom, 1200);
  storage.setItem(DOCK_LAYOUT_KEY, '{not json');
  assert.deepEqual(readDockLayout(storage, 1600), first);
  assert.deepEqual(readDockLayout(null, 1600), first);
});

test('the sides shrink in proportion so that the grid keeps its minimum width', () => {
  assert.deepEqual(fitSides(300, 400, 2000), { left: 300, right: 400 });
  const fitted = fitSides(300, 600, 900);
  assert.ok(fitted.left + fitted.right <= 900 - CENTER_MIN_WIDTH);
  assert.equal(Math.round(fitted.right / fitted.left), 2);
  assert.deepEqual(fitSides(300, 300, 100), { left: SIDE_LIMITS.min, right: SIDE_LIMITS.min });
});

test('panels fall into their sides and stacks in array order; the chosen tab is remembered', () => {
  const panel = (id: string, side: PanelDef['side'], stack?: PanelDef['stack']): PanelDef => ({
    id,
    title: id,
    side,
    stack,
    render: () => id,
  });
  const panels = [
    panel('a', 'left'),
    panel('b', 'right', 'lower'),
    panel('c', 'left'),
    panel('d', 'left', 'lower'),
    panel('e', 'bottom', 'lower'),
    panel('f', 'right'),
  ];
  const sides = groupPanels(panels, { 'left-upper': 'c', 'right-lower': 'gone' });
  assert.deepEqual(
    sides.left.map((s) => [s.key, s.panels.map((p) => p.id), s.chosen.id]),
    [
      ['left-upper', ['a', 'c'], 'c'],
      ['left-lower', ['d'], 'd'],
    ],
  );
  assert.deepEqual(
    sides.right.map((s) => [s.key, s.chosen.id]),
    [
      ['right-upper', 'f'],
      ['right-lower', 'b'],
    ],
  );
  assert.deepEqual(
    sides.bottom.map((s) => [s.key, s.chosen.id]),
    [['bottom-upper', 'e']],
    'the bottom has one stack',
  );
  assert.deepEqual(groupPanels([], {}), { left: [], right: [], bottom: [] });
});
