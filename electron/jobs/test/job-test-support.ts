// Shared pieces of the job tests: temp folders, random images with planted bytes, and the peer
// tools used as oracles (md5sum & co., dd, grep, ddrescue, dc3dd).

import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

export const isRoot = process.getuid?.() === 0;

/** A mkdtemp folder under os.tmpdir(), removed when the test (or suite) ends. */
export function tempDir(t: { after: TestContext['after'] }, prefix = 'sectorscope-jobs-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Random bytes with `plants` written at the given offsets; saved to `path` and returned. */
export function writeImage(
  path: string,
  size: number,
  plants: { offset: number; bytes: Uint8Array }[] = [],
): Buffer {
  const image = randomBytes(size);
  for (const { offset, bytes } of plants) image.set(bytes, offset);
  writeFileSync(path, image);
  return image;
}

/** `md5sum FILE` and kin: the digest as the coreutils tool prints it. */
export function coreutilsDigest(tool: string, path: string): string {
  return execFileSync(tool, [path], { encoding: 'utf8' }).split(/\s+/)[0] ?? '';
}

/** `dd if=PATH bs=BS skip=SKIP count=COUNT`: the bytes of those blocks. */
export function ddBytes(path: string, blockSize: number, skip: bigint, count: bigint): Buffer {
  const result = spawnSync(
    'dd',
    [`if=${path}`, `bs=${blockSize}`, `skip=${skip}`, `count=${count}`, 'status=none'],
    { maxBuffer: 1 << 30 },
  );
  if (result.status !== 0) throw new Error(`dd failed: ${result.stderr.toString()}`);
  return result.stdout;
}

/** `dd ... | sha256sum` through a real pipe. */
export function ddSha256(path: string, blockSize: number, skip: bigint, count: bigint): string {
  const script = `dd if="$1" bs=$2 skip=$3 count=$4 status=none | sha256sum`;
  const out = execFileSync(
    'sh',
    ['-c', script, 'sh', path, `${blockSize}`, `${skip}`, `${count}`],
    {
      encoding: 'utf8',
    },
  );
  return out.split(/\s+/)[0] ?? '';
}

/**
 * Byte offsets of `grep -obUaP REGEX FILE` (C locale, so PCRE works on bytes). Each match prints
 * as OFFSET:BYTES and a newline; the bytes may hold newlines themselves, so the match length
 * (fixed for our patterns) is used to step over them.
 */
export function grepOffsets(
  path: string,
  regex: string,
  matchLength: number,
  ignoreCase = false,
): bigint[] {
  const args = ['-obUaP', ...(ignoreCase ? ['-i'] : []), regex, path];
  const result = spawnSync('grep', args, {
    env: { ...process.env, LC_ALL: 'C' },
    maxBuffer: 1 << 28,
  });
  if (result.status === 1) return [];
  if (result.status !== 0) throw new Error(`grep failed: ${result.stderr.toString()}`);
  const offsets: bigint[] = [];
  const out = result.stdout;
  let at = 0;
  while (at < out.length) {
    const colon = out.indexOf(0x3a, at);
    if (colon < 0) throw new Error(`unexpected grep output at ${at}`);
    offsets.push(BigInt(out.subarray(at, colon).toString('latin1')));
    at = colon + 1 + matchLength;
    if (out[at] !== 0x0a)
      throw new Error(`grep match at ${offsets.at(-1)} is not ${matchLength} bytes`);
    at++;
  }
  return offsets;
}

/** Every offset where `needle` matches in `haystack` (overlaps included): a plain reference. */
export function referenceScan(
  haystack: Uint8Array,
  length: number,
  matches: (at: number) => boolean,
): bigint[] {
  const found: bigint[] = [];
  for (let at = 0; at + length <= haystack.length; at++) if (matches(at)) found.push(BigInt(at));
  return found;
}

/** The bad LBAs of a ddrescue map: every '-' (bad sector) area, in sectorSize units. */
export function ddrescueBadSectors(device: string, sectorSize: number, dir: string): bigint[] {
  const map = join(dir, `ddrescue-${Date.now()}.map`);
  const result = spawnSync(
    'ddrescue',
    ['-d', '-b', String(sectorSize), '--force', device, '/dev/null', map],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`ddrescue failed: ${result.stderr}`);
  const bad: bigint[] = [];
  for (const line of readFileSync(map, 'utf8').split('\n')) {
    const match = /^0x([0-9A-Fa-f]+)\s+0x([0-9A-Fa-f]+)\s+-\s*$/.exec(line);
    if (!match) continue;
    const start = BigInt(`0x${match[1]}`);
    const size = BigInt(`0x${match[2]}`);
    for (let pos = start; pos < start + size; pos += BigInt(sectorSize)) {
      bad.push(pos / BigInt(sectorSize));
    }
  }
  return bad;
}

export interface Dc3ddReport {
  md5: string;
  sha1: string;
  sha256: string;
  badSectors: number;
}

/** `dc3dd if=DEVICE hash=md5 hash=sha1 hash=sha256`: its digests and bad-sector count. */
export function dc3ddHashes(device: string, dir: string): Dc3ddReport {
  const log = join(dir, `dc3dd-${Date.now()}.log`);
  const result = spawnSync(
    'dc3dd',
    [`if=${device}`, 'hash=md5', 'hash=sha1', 'hash=sha256', `log=${log}`, 'of=/dev/null'],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`dc3dd failed: ${result.stderr}`);
  const text = readFileSync(log, 'utf8');
  const input = text.slice(text.indexOf('input results'), text.indexOf('output results'));
  const digest = (name: string) => new RegExp(`([0-9a-f]+) \\(${name}\\)`).exec(input)?.[1] ?? '';
  const bad = /(\d+) bad sectors? replaced by zeros/.exec(input);
  return {
    md5: digest('md5'),
    sha1: digest('sha1'),
    sha256: digest('sha256'),
    badSectors: bad ? Number(bad[1]) : 0,
  };
}

/** Attaches IMAGE read-only to a free loop device, detached when the test ends. */
export function attachLoop(
  t: { after: TestContext['after'] },
  image: string,
  sectorSize?: number,
): string {
  const args = ['--find', '--show', '--read-only'];
  if (sectorSize !== undefined) args.push('--sector-size', String(sectorSize));
  const device = execFileSync('losetup', [...args, image], { encoding: 'utf8' }).trim();
  t.after(() => {
    spawnSync('losetup', ['-d', device]);
  });
  return device;
}

/** LBAs as the results carry them. */
export const lbaStrings = (lbas: readonly bigint[]) => lbas.map(String);
