// Search patterns as the user types them (hex with ?? wildcards, UTF-8 text, UTF-16LE text),
// compiled to fixed-length byte patterns. Pure: the renderer validates input with it and the job
// worker matches with it.

import type { SearchPattern } from './contract';

/** Longest pattern accepted, in bytes once encoded. */
export const MAX_PATTERN_BYTES = 1024;

/**
 * A run of pattern bytes: `any` matches every byte (a ?? wildcard run); otherwise the bytes must
 * equal one of `alternatives` (one for plain bytes, several for case variants of a character).
 */
export type PatternElement =
  | { offset: number; length: number; kind: 'any' }
  | { offset: number; length: number; kind: 'bytes'; alternatives: Uint8Array[] };

export interface CompiledPattern {
  /** Bytes a match covers. */
  length: number;
  elements: PatternElement[];
  /** How the pattern reads to a person, e.g. `hex 4E 54 ?? 53` or `text "NTFS" (any case)`. */
  description: string;
}

export type PatternParse = { ok: true; pattern: CompiledPattern } | { ok: false; message: string };

const HEX_PAIR = /^[0-9a-fA-F]{2}$/;

/** "4E 54 ?? 53" or "4e54??53": byte values (0-255) and null for each ?? wildcard. */
export function parseHexBytes(text: string):
  | { ok: true; bytes: (number | null)[] }
  | {
      ok: false;
      message: string;
    } {
  const compact = text.replace(/[\s,]+/g, '').replace(/^0x/i, '');
  if (compact === '') {
    return { ok: false, message: 'The hex pattern is empty: type bytes like "4E 54 ?? 53".' };
  }
  if (compact.length % 2 !== 0) {
    return {
      ok: false,
      message: `The hex pattern has ${compact.length} digits, an odd number: each byte takes two (0A, not A).`,
    };
  }
  const bytes: (number | null)[] = [];
  for (let i = 0; i < compact.length; i += 2) {
    const pair = compact.slice(i, i + 2);
    if (pair === '??') bytes.push(null);
    else if (HEX_PAIR.test(pair)) bytes.push(parseInt(pair, 16));
    else {
      const hint = pair.includes('?')
        ? ' Use ?? for a whole unknown byte; half-byte wildcards are not supported.'
        : ' Use the digits 0-9 and A-F, and ?? for an unknown byte.';
      return { ok: false, message: `"${pair}" (byte ${i / 2 + 1}) is not a hex byte.${hint}` };
    }
  }
  return { ok: true, bytes };
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function utf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes[2 * i] = unit & 0xff;
    bytes[2 * i + 1] = unit >> 8;
  }
  return bytes;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * The encodings of a character in either case. Only single code points that encode to as many
 * bytes as the character itself count (so 'ß' does not match "SS", and the Kelvin sign does not
 * match 'k'): a match always covers the same number of bytes.
 */
function caseVariants(char: string, encode: (text: string) => Uint8Array): Uint8Array[] {
  const own = encode(char);
  const variants = [own];
  for (const other of [char.toLowerCase(), char.toUpperCase()]) {
    if ([...other].length !== 1) continue;
    const bytes = encode(other);
    if (bytes.length === own.length && !variants.some((v) => sameBytes(v, bytes))) {
      variants.push(bytes);
    }
  }
  return variants;
}

/** Joins neighbouring single-alternative elements into one, so plain text is one element. */
function mergeFixed(elements: PatternElement[]): PatternElement[] {
  const merged: PatternElement[] = [];
  for (const element of elements) {
    const last = merged[merged.length - 1];
    const single = (e: PatternElement | undefined) =>
      e !== undefined && e.kind === 'bytes' && e.alternatives.length === 1;
    if (
      last &&
      single(last) &&
      single(element) &&
      last.kind === 'bytes' &&
      element.kind === 'bytes'
    ) {
      const [a] = last.alternatives as [Uint8Array];
      const [b] = element.alternatives as [Uint8Array];
      const joined = new Uint8Array(a.length + b.length);
      joined.set(a);
      joined.set(b, a.length);
      merged[merged.length - 1] = { ...last, length: joined.length, alternatives: [joined] };
    } else if (last && last.kind === 'any' && element.kind === 'any') {
      merged[merged.length - 1] = { ...last, length: last.length + element.length };
    } else {
      merged.push(element);
    }
  }
  return merged;
}

function fromHex(text: string): PatternParse {
  const parsed = parseHexBytes(text);
  if (!parsed.ok) return parsed;
  if (parsed.bytes.every((byte) => byte === null)) {
    return {
      ok: false,
      message:
        'The hex pattern has only ?? wildcards, which match everywhere: give at least one byte.',
    };
  }
  const elements: PatternElement[] = parsed.bytes.map((byte, offset) =>
    byte === null
      ? { offset, length: 1, kind: 'any' }
      : { offset, length: 1, kind: 'bytes', alternatives: [Uint8Array.of(byte)] },
  );
  const shown = parsed.bytes
    .map((b) => (b === null ? '??' : b.toString(16).toUpperCase().padStart(2, '0')))
    .join(' ');
  return finish(parsed.bytes.length, mergeFixed(elements), `hex ${shown}`);
}

function fromText(
  text: string,
  ignoreCase: boolean,
  encode: (text: string) => Uint8Array,
  label: string,
): PatternParse {
  if (text.length === 0) {
    return { ok: false, message: `The ${label} to search for is empty: type what to find.` };
  }
  if (/[\uD800-\uDFFF]/.test(text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) {
    return { ok: false, message: `The ${label} holds a broken surrogate pair (invalid Unicode).` };
  }
  const elements: PatternElement[] = [];
  let offset = 0;
  for (const char of text) {
    const alternatives = ignoreCase ? caseVariants(char, encode) : [encode(char)];
    const length = alternatives[0]?.length ?? 0;
    elements.push({ offset, length, kind: 'bytes', alternatives });
    offset += length;
  }
  const description = `${label} ${JSON.stringify(text)}${ignoreCase ? ' (any case)' : ''}`;
  return finish(offset, mergeFixed(elements), description);
}

function finish(length: number, elements: PatternElement[], description: string): PatternParse {
  if (length > MAX_PATTERN_BYTES) {
    return {
      ok: false,
      message: `The pattern is ${length} bytes long; at most ${MAX_PATTERN_BYTES} bytes can be searched for.`,
    };
  }
  return { ok: true, pattern: { length, elements, description } };
}

/** Checks and compiles a pattern; the message says what is wrong in words a user can act on. */
export function compileSearchPattern(input: SearchPattern): PatternParse {
  switch (input.type) {
    case 'hex':
      return fromHex(input.value);
    case 'text':
      return fromText(input.value, input.ignoreCase === true, utf8, 'text');
    case 'utf16le':
      return fromText(input.value, input.ignoreCase === true, utf16le, 'UTF-16LE text');
  }
}

/** Whether `data[at .. at + pattern.length)` matches; false when the data ends before. */
export function matchesAt(data: Uint8Array, at: number, pattern: CompiledPattern): boolean {
  if (at < 0 || at + pattern.length > data.length) return false;
  // Plain loops: this runs for every candidate a scan finds.
  for (const element of pattern.elements) {
    if (element.kind === 'any') continue;
    const start = at + element.offset;
    let found = false;
    for (const alternative of element.alternatives) {
      let i = 0;
      while (i < alternative.length && data[start + i] === alternative[i]) i++;
      if (i === alternative.length) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}
