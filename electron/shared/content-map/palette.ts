// The colours of the content map, one per class, the same in the viewer and in the PNG of
// `sectorscope map --png`. They are Okabe and Ito's colour-blind-safe set (plus a dark grey for
// cells not read yet): under simulated protanopia, deuteranopia and tritanopia every two of
// them stay at least 20 CIELAB units apart (test/palette.test.ts checks it).

import type { MapClass } from '../contract';

export const MAP_PALETTE: Readonly<Record<MapClass, string>> = {
  zero: '#000000',
  fill: '#56B4E9',
  text: '#F0E442',
  binary: '#0072B2',
  random: '#CC79A7',
  unreadable: '#D55E00',
};

/** A cell nothing has been read of yet (a quick map filling in). */
export const MAP_PENDING_COLOUR = '#444444';

export interface LegendEntry {
  /** A class, `pending`, or `bad-sectors` (the mark on a cell with some unreadable sectors). */
  key: MapClass | 'pending' | 'bad-sectors';
  colour: string;
  label: string;
  meaning: string;
}

export const MAP_LEGEND: readonly LegendEntry[] = [
  { key: 'zero', colour: MAP_PALETTE.zero, label: 'zero', meaning: 'every byte 0x00' },
  {
    key: 'fill',
    colour: MAP_PALETTE.fill,
    label: 'fill',
    meaning: 'one byte repeated, not 0x00 (0xFF: erased flash)',
  },
  {
    key: 'text',
    colour: MAP_PALETTE.text,
    label: 'text',
    meaning: 'printable ASCII, UTF-8 or UTF-16',
  },
  {
    key: 'binary',
    colour: MAP_PALETTE.binary,
    label: 'binary',
    meaning: 'structured data, low or middling entropy',
  },
  {
    key: 'random',
    colour: MAP_PALETTE.random,
    label: 'random',
    meaning: '7.5 bits per byte or more: compressed or encrypted',
  },
  {
    key: 'unreadable',
    colour: MAP_PALETTE.unreadable,
    label: 'unreadable',
    meaning: 'the sectors could not be read',
  },
  {
    key: 'bad-sectors',
    colour: MAP_PALETTE.unreadable,
    label: 'bad sectors',
    meaning: 'a square in a cell: some of its sectors could not be read',
  },
  { key: 'pending', colour: MAP_PENDING_COLOUR, label: 'not read yet', meaning: 'still to come' },
];

/** '#RRGGBB' as [r, g, b]. */
export function rgbOf(colour: string): [number, number, number] {
  const value = Number.parseInt(colour.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}
