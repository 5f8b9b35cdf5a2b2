// What libewf does not say of an E01's segment files: a missing one (libewf_glob stops at a gap,
// and libewf then opens the image at its full size and zero-fills what it lacks) and a cut-short
// one. The names in the folder show a gap; the last segment's chain of sections shows whether it
// ends the image ("done") or expects another file ("next"), and whether a section points past
// the file's end (cut short). EWF1 (E01, S01) only: Ex01 files end differently and are not
// checked this way.

import { open, readdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/** The 13-byte file header, then section descriptors of 76 bytes: type[16], next u64, size u64. */
const FIRST_SECTION = 13;
const DESCRIPTOR_BYTES = 76;
const MAX_SECTIONS = 100_000;

type SegmentEnd = 'done' | 'next' | 'truncated' | 'unknown' | { damagedAt: number };

/** Section types of EWF1 files (E01, S01) as libewf knows them. */
const SECTION_TYPES = new Set([
  'header',
  'header2',
  'volume',
  'disk',
  'data',
  'sectors',
  'table',
  'table2',
  'next',
  'done',
  'digest',
  'hash',
  'error2',
  'session',
  'ltree',
  'ltypes',
  'xheader',
  'xhash',
]);

/** How a segment file's section chain ends. */
async function segmentEnd(path: string): Promise<SegmentEnd> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const descriptor = Buffer.alloc(DESCRIPTOR_BYTES);
    let offset = FIRST_SECTION;
    for (let section = 0; section < MAX_SECTIONS; section++) {
      if (offset + DESCRIPTOR_BYTES > size) return 'truncated';
      await file.read(descriptor, 0, DESCRIPTOR_BYTES, offset);
      const type = descriptor.subarray(0, 16).toString('latin1').replace(/\0.*$/s, '');
      if (type === 'done' || type === 'next') return type;
      if (!SECTION_TYPES.has(type)) return { damagedAt: offset };
      const next = Number(descriptor.readBigUInt64LE(16));
      if (next <= offset) return 'unknown';
      offset = next;
    }
    return 'unknown';
  } finally {
    await file.close();
  }
}

/** "disk.E01" -> "E", 1; "disk.EAA" -> "E", 100 (E01..E99, then EAA..EZZ, as libewf names). */
function segmentNumber(extension: string): number | null {
  const digits = /^[EeSs]([0-9]{2})$/.exec(extension);
  if (digits?.[1]) return Number(digits[1]);
  const letters = /^[EeSs]([A-Za-z])([A-Za-z])$/.exec(extension);
  if (letters?.[1] && letters[2]) {
    const value = (letter: string) => letter.toUpperCase().charCodeAt(0) - 65;
    return 100 + value(letters[1]) * 26 + value(letters[2]);
  }
  return null;
}

function isEwf1(first: string): boolean {
  return /\.[EeSs][0-9]{2}$/.test(first);
}

/** Problems with an E01's segments, said for people; none when they are complete. */
export async function ewfSegmentWarnings(segments: readonly string[]): Promise<string[]> {
  const first = segments[0];
  const last = segments.at(-1);
  if (!first || !last || !isEwf1(first)) return [];
  const warnings: string[] = [];
  const stem = basename(first).slice(0, -4);
  const found = segments.length;
  const later = (await readdir(dirname(first)))
    .filter((name) => name.startsWith(`${stem}.`) && name.length === stem.length + 4)
    .map((name) => segmentNumber(name.slice(stem.length + 1)))
    .filter((number): number is number => number !== null && number > found);
  if (later.length > 0) {
    warnings.push(
      `Segment ${found + 1} of ${basename(first)} is missing: libewf found ${found} segment(s) ` +
        `and stopped, although a later one (number ${Math.min(...later)}) is in the folder. ` +
        'Sectors whose data is in the missing segments read as unreadable.',
    );
  }
  const end = await segmentEnd(last);
  if (typeof end === 'object') warnings.push(damagedText(last, end.damagedAt));
  if (end === 'truncated') {
    warnings.push(
      `Segment ${basename(last)} is cut short (a section runs past its end): sectors whose data ` +
        'it lacks read as unreadable.',
    );
  } else if (end === 'next' && later.length === 0) {
    warnings.push(
      `The last segment found, ${basename(last)}, does not end the image (it expects another ` +
        'file after it): a later segment is missing, and the sectors it holds read as unreadable.',
    );
  }
  for (const segment of segments.slice(0, -1)) {
    const segmentEnds = await segmentEnd(segment);
    if (segmentEnds === 'truncated') {
      warnings.push(
        `Segment ${basename(segment)} is cut short (a section runs past its end): sectors whose ` +
          'data it lacks read as unreadable.',
      );
    } else if (typeof segmentEnds === 'object') {
      warnings.push(damagedText(segment, segmentEnds.damagedAt));
    }
  }
  return warnings;
}

function damagedText(segment: string, offset: number): string {
  return (
    `Segment ${basename(segment)} is damaged: the section descriptor at byte ${offset} is not ` +
    "one of EWF's."
  );
}

/**
 * Why libewf could not open an E01, in words an examiner can act on: a damaged section chain in
 * its first segment, or else its header (the acquisition metadata), which libewf reads first.
 */
export async function ewfOpenProblem(first: string): Promise<string> {
  const end = await segmentEnd(first).catch(() => 'unknown' as const);
  if (typeof end === 'object') return damagedText(first, end.damagedAt);
  if (end === 'truncated')
    return `Segment ${basename(first)} is cut short before its first sections end.`;
  return (
    `Its sections chain up, but libewf cannot read them: the header (acquisition metadata) or ` +
    'the volume section of the first segment is damaged.'
  );
}
