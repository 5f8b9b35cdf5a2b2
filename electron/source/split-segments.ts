// The files of a split raw image, from its first: numbered (disk.001, disk.raw.001, disk.000
// and on) or lettered as split(1) names them (disk.aa, disk.ab...). A gap in the series is an
// error naming the missing files (the bytes after it could not be placed); a segment shorter
// than the first, before the last, is reported: the image was probably cut short there.

import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SectorscopeError } from '../shared/contract';

interface Series {
  stem: string;
  first: number;
  width: number;
  name(index: number): string;
  index(suffix: string): number | null;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function lettered(index: number, width: number): string {
  let text = '';
  for (let left = index, digit = 0; digit < width; digit++, left = Math.floor(left / 26)) {
    text = (LETTERS[left % 26] ?? 'a') + text;
  }
  return text;
}

/** The series a first segment's name starts, or null when the name is not one. */
function seriesOf(name: string): Series | null {
  const numbered = /^(.+)\.([0-9]{3,})$/.exec(name);
  if (numbered?.[1] && numbered[2]) {
    const [, stem, digits] = numbered;
    const first = Number(digits);
    if (first > 1) return null;
    return {
      stem,
      first,
      width: digits.length,
      name: (index) => `${stem}.${String(index).padStart(digits.length, '0')}`,
      index: (suffix) =>
        suffix.length === digits.length && /^[0-9]+$/.test(suffix) ? Number(suffix) : null,
    };
  }
  const letteredName = /^(.+)\.(a{2,})$/.exec(name);
  if (letteredName?.[1] && letteredName[2]) {
    const [, stem, letters] = letteredName;
    return {
      stem,
      first: 0,
      width: letters.length,
      name: (index) => `${stem}.${lettered(index, letters.length)}`,
      index: (suffix) => {
        if (suffix.length !== letters.length || !/^[a-z]+$/.test(suffix)) return null;
        return [...suffix].reduce((sum, letter) => sum * 26 + LETTERS.indexOf(letter), 0);
      },
    };
  }
  return null;
}

export async function findSplitSegments(
  path: string,
): Promise<{ segments: string[]; warnings: string[] } | null> {
  const series = seriesOf(basename(path));
  if (!series) return null;
  const folder = dirname(path);
  const segments: string[] = [];
  const sizes: number[] = [];
  for (let index = series.first; ; index++) {
    const segment = join(folder, series.name(index));
    const found = await stat(segment).catch(() => null);
    if (!found?.isFile()) break;
    segments.push(segment);
    sizes.push(found.size);
  }
  if (segments.length < 2) return null;
  const last = series.first + segments.length - 1;
  const later = (await readdir(folder))
    .filter((name) => name.startsWith(`${series.stem}.`))
    .map((name) => series.index(name.slice(series.stem.length + 1)))
    .filter((index): index is number => index !== null && index > last)
    .sort((a, b) => a - b);
  if (later.length > 0) {
    const missing = [];
    for (let index = last + 1; index < (later[0] ?? last); index++)
      missing.push(series.name(index));
    throw new SectorscopeError(
      'NOT_FOUND',
      `Split raw image ${path}: segment ${missing.join(', ')} is missing (found ` +
        `${series.name(series.first)} to ${series.name(last)}, then ${series.name(later[0] ?? 0)}); ` +
        'the bytes after the gap cannot be placed. Put every segment in the same folder.',
    );
  }
  const firstSize = sizes[0] ?? 0;
  const warnings = sizes
    .slice(0, -1)
    .map((size, i) => ({ size, name: basename(segments[i] ?? '') }))
    .filter(({ size }) => size < firstSize)
    .map(
      ({ size, name }) =>
        `Segment ${name} is ${size} bytes, shorter than the first (${firstSize}) although more ` +
        'segments follow it: the image was probably cut short when it was split or copied.',
    );
  return { segments, warnings };
}
