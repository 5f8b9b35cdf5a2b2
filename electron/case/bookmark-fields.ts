// A bookmark's fields as a user or the page gives them, checked: a byte range on the evidence,
// a one-line label, a free-text note, a colour. Nothing from outside is trusted.

import { SectorscopeError } from '../shared/contract';
import type { BookmarkOrigin, EvidenceIdentity } from './case-types';

/** Colours by name (the command line's --colour red); any #rrggbb is accepted too. */
export const BOOKMARK_COLOURS: Readonly<Record<string, string>> = {
  yellow: '#f2c94c',
  orange: '#f2994a',
  red: '#eb5757',
  pink: '#e86bb6',
  purple: '#9b51e0',
  blue: '#2f80ed',
  cyan: '#2bb8c8',
  green: '#27ae60',
  grey: '#8a8a8a',
};
export const DEFAULT_BOOKMARK_COLOUR = '#f2c94c';

export const MAX_LABEL_LENGTH = 200;
export const MAX_NOTE_LENGTH = 65536;

const invalid = (message: string) => new SectorscopeError('INVALID_ARGUMENT', message);

/** One line of 1 to 200 characters, without control characters; trimmed. */
export function checkLabel(value: unknown): string {
  if (typeof value !== 'string') throw invalid('A bookmark needs a label (text).');
  const label = value.trim();
  if (label === '') throw invalid('A bookmark needs a label: it is empty.');
  if ([...label].length > MAX_LABEL_LENGTH) {
    throw invalid(
      `A label is at most ${MAX_LABEL_LENGTH} characters; this one has ${[...label].length}.`,
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(label)) {
    throw invalid('A label is one line of text, without tabs or control characters.');
  }
  return label;
}

/** Free text of up to 65,536 characters: lines and tabs, no other control characters. */
export function checkNote(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw invalid('A note is text.');
  if (value.length > MAX_NOTE_LENGTH) {
    throw invalid(`A note is at most ${MAX_NOTE_LENGTH} characters; this one has ${value.length}.`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) {
    throw invalid('A note may hold lines and tabs but no other control characters.');
  }
  return value;
}

/** #rrggbb (stored in lower case) or a name of BOOKMARK_COLOURS; absent: yellow. */
export function checkColour(value: unknown): string {
  if (value === undefined || value === null || value === '') return DEFAULT_BOOKMARK_COLOUR;
  if (typeof value === 'string') {
    const named = BOOKMARK_COLOURS[value.trim().toLowerCase()];
    if (named) return named;
    if (/^#[0-9a-fA-F]{6}$/.test(value.trim())) return value.trim().toLowerCase();
  }
  throw invalid(
    `A colour is #rrggbb or one of ${Object.keys(BOOKMARK_COLOURS).join(', ')}; got ` +
      `${JSON.stringify(value)}.`,
  );
}

const DECIMAL = /^(0|[1-9][0-9]{0,19})$/;

function wholeNumber(value: unknown, what: string): bigint {
  if (typeof value === 'bigint' && value >= 0n) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'string' && DECIMAL.test(value)) return BigInt(value);
  throw invalid(`A bookmark's ${what} is a whole number of bytes, 0 or more, in decimal.`);
}

/** The byte range [offset, offset + length) on `evidence`: at least one byte, all of it there. */
export function checkRange(
  offset: unknown,
  length: unknown,
  evidence: Pick<EvidenceIdentity, 'id' | 'size'>,
): { offset: bigint; length: bigint } {
  const start = wholeNumber(offset, 'offset');
  const bytes = wholeNumber(length, 'length');
  if (bytes < 1n) throw invalid('A bookmark covers at least one byte.');
  const size = BigInt(evidence.size);
  if (start >= size) {
    throw new SectorscopeError(
      'OUT_OF_RANGE',
      `Byte ${start} is past the end of ${evidence.id}: it has ${size} bytes (the last is ${size - 1n}).`,
    );
  }
  if (start + bytes > size) {
    throw new SectorscopeError(
      'OUT_OF_RANGE',
      `${bytes} bytes from byte ${start} run past the end of ${evidence.id}, which has ${size} bytes.`,
    );
  }
  return { offset: start, length: bytes };
}

/** Where a bookmark came from: the selection (default), a search hit, a file, the command line. */
export function checkOrigin(value: unknown): BookmarkOrigin {
  if (value === undefined || value === null) return { kind: 'selection' };
  const origin = value as { kind?: unknown; path?: unknown };
  switch (origin.kind) {
    case 'selection':
    case 'search-hit':
    case 'command-line':
      return { kind: origin.kind };
    case 'file':
      if (typeof origin.path === 'string' && origin.path.length > 0 && origin.path.length <= 4096) {
        return { kind: 'file', path: origin.path };
      }
      throw invalid("A bookmark from a file names the file's path (up to 4096 characters).");
    default:
      throw invalid('A bookmark comes from a selection, a search hit, a file or the command line.');
  }
}
