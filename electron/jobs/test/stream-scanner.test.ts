// The scanner against a plain reference scan written here (byte by byte, no indexOf, no anchor):
// random data from a tiny alphabet so that matches are frequent, cut into random blocks so that
// many matches straddle a seam, with and without alignment, unreadable sectors and a hit cap.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SearchPattern } from '../../shared/contract';
import { compileSearchPattern } from '../../shared/search-pattern';
import { StreamScanner, type ScanHit } from '../stream-scanner';

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let v = state;
    v = Math.imul(v ^ (v >>> 15), v | 1);
    v ^= v + Math.imul(v ^ (v >>> 7), v | 61);
    return ((v ^ (v >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = [0x4e, 0x54, 0x6e, 0x74, 0x00, 0x53, 0x73, 0x20];

function randomData(random: () => number, size: number): Uint8Array {
  return Uint8Array.from({ length: size }, () => ALPHABET[Math.floor(random() * 8)] ?? 0);
}

/** Reference semantics of each pattern type, written independently of the compiler. */
function referenceMatcher(pattern: SearchPattern): {
  length: number;
  at: (d: Uint8Array, i: number) => boolean;
} {
  const fold = (b: number) => (b >= 0x41 && b <= 0x5a ? b + 32 : b);
  if (pattern.type === 'hex') {
    const bytes = (pattern.value.replace(/\s/g, '').match(/../g) ?? []).map((p) =>
      p === '??' ? null : parseInt(p, 16),
    );
    return {
      length: bytes.length,
      at: (d, i) => bytes.every((b, k) => b === null || d[i + k] === b),
    };
  }
  const encoded = Buffer.from(pattern.value, pattern.type === 'utf16le' ? 'utf16le' : 'latin1');
  return {
    length: encoded.length,
    at: (d, i) =>
      [...encoded].every((b, k) => {
        const got = d[i + k] ?? -1;
        return pattern.ignoreCase ? fold(got) === fold(b) : got === b;
      }),
  };
}

interface Case {
  pattern: SearchPattern;
  aligned: boolean;
  bad: number[];
  maxHits: number;
}

function runCase(random: () => number, c: Case, size: number, sectorSize: number) {
  const data = randomData(random, size);
  const compiled = compileSearchPattern(c.pattern);
  assert.ok(compiled.ok, JSON.stringify(c.pattern));
  const startOffset = BigInt(sectorSize * 3);
  const scanner = new StreamScanner(compiled.pattern, {
    alignedToSector: c.aligned,
    sectorSize,
    startOffset,
    contextBytes: 16,
  });
  const found: ScanHit[] = [];
  let position = 0;
  const keep = compiled.pattern.length - 1 + 16;
  let stopped = false;
  while (position < size && !stopped) {
    const length = Math.min(size - position, keep + Math.floor(random() * keep * 3));
    const block = data.subarray(position, position + length);
    const first = Math.floor(position / sectorSize);
    const last = Math.floor((position + length - 1) / sectorSize);
    const unreadable = c.bad.filter((s) => s >= first && s <= last).map((s) => BigInt(s) + 3n);
    stopped = !scanner.scan(block, unreadable, (hit) => {
      if (found.length >= c.maxHits) return false;
      found.push(hit);
      return true;
    });
    position += length;
  }

  const reference = referenceMatcher(c.pattern);
  const expected: bigint[] = [];
  for (let i = 0; i + reference.length <= size; i++) {
    if (c.aligned && i % sectorSize !== 0) continue;
    const firstSector = Math.floor(i / sectorSize);
    const lastSector = Math.floor((i + reference.length - 1) / sectorSize);
    if (c.bad.some((s) => s >= firstSector && s <= lastSector)) continue;
    if (reference.at(data, i)) expected.push(BigInt(i) + startOffset);
  }
  const label = JSON.stringify(c);
  assert.deepEqual(
    found.map((h) => h.offset),
    expected.slice(0, c.maxHits),
    label,
  );
  for (const hit of found) {
    const at = Number(hit.offset - startOffset);
    const from = at - hit.contextStart;
    assert.ok(hit.contextStart <= 16 && hit.contextStart >= 0, label);
    assert.ok(hit.context.length >= hit.contextStart + reference.length, label);
    assert.deepEqual(hit.context, data.slice(from, from + hit.context.length), label);
  }
  return { found: found.length, expected: expected.length };
}

const PATTERNS: SearchPattern[] = [
  { type: 'hex', value: '4E' },
  { type: 'hex', value: '4E 54' },
  { type: 'hex', value: '4E 54 ?? 53' },
  { type: 'hex', value: '????4e' },
  { type: 'hex', value: '00 ?? ?? 00 20' },
  { type: 'text', value: 'NTS' },
  { type: 'text', value: 'nts', ignoreCase: true },
  { type: 'text', value: 'T sN', ignoreCase: true },
  { type: 'utf16le', value: 'N' },
  { type: 'utf16le', value: 'ns', ignoreCase: true },
  { type: 'utf16le', value: 'TN', ignoreCase: false },
];

test('every match, in order, across random block seams, for each kind of pattern', () => {
  const random = seeded(12345);
  let total = 0;
  for (const pattern of PATTERNS) {
    for (let round = 0; round < 6; round++) {
      const result = runCase(random, { pattern, aligned: false, bad: [], maxHits: 1e9 }, 3000, 512);
      total += result.found;
    }
  }
  assert.ok(total > 1000, `only ${total} matches: the test data is too sparse to mean much`);
});

test('aligned-only scans report exactly the matches at sector starts', () => {
  const random = seeded(777);
  for (const pattern of PATTERNS) {
    for (const sectorSize of [4, 16, 512]) {
      runCase(random, { pattern, aligned: true, bad: [], maxHits: 1e9 }, 2500, sectorSize);
    }
  }
});

test('matches touching an unreadable sector are left out, including across seams', () => {
  const random = seeded(99);
  for (const pattern of PATTERNS) {
    const bad = [0, 3, 4, 9, 17].filter(() => random() < 0.7);
    runCase(random, { pattern, aligned: false, bad, maxHits: 1e9 }, 2000, 64);
  }
});

test('the sink can stop the scan: exactly the first maxHits matches come out', () => {
  const random = seeded(4242);
  for (const pattern of PATTERNS.slice(0, 6)) {
    const result = runCase(random, { pattern, aligned: false, bad: [], maxHits: 7 }, 3000, 512);
    assert.equal(result.found, Math.min(7, result.expected));
  }
});
