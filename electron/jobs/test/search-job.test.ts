// Search jobs on a real image with patterns planted across block boundaries, checked against
// `grep -obUaP` on the same file (C locale: PCRE on bytes).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SearchHit, SearchPattern, SearchResult } from '../../shared/contract';
import { runJobOnPath } from '../run-job-on-path';
import { grepOffsets, writeImage } from './job-test-support';

const BLOCK = 64 * 1024;
const SIZE = 3 * 1024 * 1024 + 512;

const ascii = (text: string) => Buffer.from(text, 'latin1');
const utf16 = (text: string) => Buffer.from(text, 'utf16le');

/** Offsets that put a planted pattern across the seam between two blocks. */
function acrossSeams(block: number, length: number): number[] {
  const offsets: number[] = [];
  for (let seam = 1; seam <= 6; seam++) offsets.push(seam * block - 1 - (seam % (length - 1)));
  return offsets;
}

const PLANTS: { offset: number; bytes: Uint8Array }[] = [
  { offset: 0, bytes: ascii('NTFS') },
  ...acrossSeams(BLOCK, 4).map((offset) => ({ offset, bytes: ascii('NT\x00S') })),
  ...[10 * BLOCK - 2, 11 * BLOCK - 3, 12 * BLOCK - 1].map((offset, i) => ({
    offset,
    bytes: ascii(['NTLDR', 'ntldr', 'NtLdR'][i] ?? ''),
  })),
  ...[13 * BLOCK - 5, 14 * BLOCK - 8, 15 * BLOCK - 1].map((offset, i) => ({
    offset,
    bytes: utf16(['BOOTMGR', 'bootmgr', 'BootMgr'][i] ?? ''),
  })),
  // A boot-sector-like signature at sector starts, and the same bytes off a sector start.
  ...[16 * BLOCK, 16 * BLOCK + 512 * 7, 17 * BLOCK - 512, 17 * BLOCK + 100].map((offset) => ({
    offset,
    bytes: ascii('\xeb\x52\x90NTFS    '),
  })),
  ...Array.from({ length: 40 }, (_, i) => ({
    offset: 20 * BLOCK + i * 1000 + 7,
    bytes: ascii('ZQ'),
  })),
  { offset: SIZE - 4, bytes: ascii('NTFS') },
];

describe('search jobs against grep', () => {
  let dir: string;
  let image: string;
  let bytes: Buffer;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sectorscope-search-'));
    image = join(dir, 'disk.img');
    bytes = writeImage(image, SIZE, PLANTS);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function search(
    pattern: SearchPattern,
    options: { aligned?: boolean; maxHits?: number; range?: { lba: bigint; count: bigint } } = {},
  ) {
    const hits: SearchHit[] = [];
    const run = await runJobOnPath(
      image,
      options.range,
      { kind: 'search', pattern, alignedToSector: options.aligned, maxHits: options.maxHits },
      { blockBytes: BLOCK, onHits: (batch) => hits.push(...batch) },
    );
    const result = run.result as SearchResult;
    assert.equal(result.kind, 'search');
    assert.equal(result.hits, hits.length, 'the result counts the hits that were sent');
    for (const hit of hits) {
      assert.equal(hit.lba, String(BigInt(hit.offset) / 512n));
      const start = Number(hit.offset) - hit.contextStart;
      const context = Buffer.from(hit.context, 'hex');
      assert.deepEqual(context, bytes.subarray(start, start + context.length), 'context bytes');
    }
    return { result, offsets: hits.map((h) => BigInt(h.offset)) };
  }

  test('hex with a wildcard, including matches that straddle block boundaries', async () => {
    const { result, offsets } = await search({ type: 'hex', value: '4E 54 ?? 53' });
    const expected = grepOffsets(image, '(?s)\\x4E\\x54.\\x53', 4);
    assert.deepEqual(offsets, expected);
    for (const { offset } of PLANTS.filter((p) => p.bytes[0] === 0x4e && p.bytes.length === 4)) {
      assert.ok(offsets.includes(BigInt(offset)), `planted at ${offset}`);
    }
    assert.ok(offsets.includes(BigInt(SIZE - 4)), 'the last four bytes of the image');
    assert.equal(result.bytes, String(SIZE));
    assert.equal(result.truncated, false);
    assert.deepEqual(result.badSectors, []);
  });

  test('text, exact and ignoring case', async () => {
    const exact = await search({ type: 'text', value: 'NTLDR' });
    assert.deepEqual(exact.offsets, grepOffsets(image, 'NTLDR', 5));
    assert.equal(exact.offsets.length, 1);
    const anyCase = await search({ type: 'text', value: 'ntldr', ignoreCase: true });
    assert.deepEqual(anyCase.offsets, grepOffsets(image, 'ntldr', 5, true));
    assert.equal(anyCase.offsets.length, 3);
  });

  test('UTF-16LE text, exact and ignoring case', async () => {
    const regex = [...'bootmgr'].map((c) => `${c}\\x00`).join('');
    const exact = await search({ type: 'utf16le', value: 'bootmgr' });
    assert.deepEqual(exact.offsets, grepOffsets(image, regex, 14));
    const anyCase = await search({ type: 'utf16le', value: 'BOOTMGR', ignoreCase: true });
    assert.deepEqual(anyCase.offsets, grepOffsets(image, regex, 14, true));
    assert.equal(anyCase.offsets.length, 3);
  });

  test('only at sector starts', async () => {
    const { offsets } = await search(
      { type: 'hex', value: 'EB 52 90 4E 54 46 53' },
      { aligned: true },
    );
    const all = grepOffsets(image, '\\xEB\\x52\\x90\\x4E\\x54\\x46\\x53', 7);
    assert.equal(all.length, 4);
    assert.deepEqual(
      offsets,
      all.filter((offset) => offset % 512n === 0n),
    );
    assert.equal(offsets.length, 3);
  });

  test('a sub-range finds only what lies wholly inside it, at disk offsets', async () => {
    const range = { lba: 100n, count: 2000n };
    const { result, offsets } = await search({ type: 'hex', value: '4E54??53' }, { range });
    const start = range.lba * 512n;
    const end = (range.lba + range.count) * 512n;
    const expected = grepOffsets(image, '(?s)\\x4E\\x54.\\x53', 4).filter(
      (offset) => offset >= start && offset + 4n <= end,
    );
    assert.deepEqual(offsets, expected);
    assert.ok(expected.length >= 3);
    assert.equal(result.bytes, String(range.count * 512n));
  });

  test('the hit cap: the first maxHits hits, and the result says there were more', async () => {
    const all = grepOffsets(image, 'ZQ', 2);
    assert.ok(all.length >= 40);
    const capped = await search({ type: 'text', value: 'ZQ' }, { maxHits: 10 });
    assert.deepEqual(capped.offsets, all.slice(0, 10));
    assert.equal(capped.result.truncated, true);
    const exact = await search({ type: 'text', value: 'ZQ' }, { maxHits: all.length });
    assert.deepEqual(exact.offsets, all);
    assert.equal(exact.result.truncated, false);
  });

  test('a malformed pattern is refused before any reading, with the reason', async () => {
    await assert.rejects(
      runJobOnPath(image, undefined, { kind: 'search', pattern: { type: 'hex', value: '4E 5' } }),
      (error: Error & { code?: string }) =>
        error.code === 'INVALID_ARGUMENT' && /odd number/.test(error.message),
    );
  });
});
