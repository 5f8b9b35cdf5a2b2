// Parsers for the output of the peer tools the tests trust: sfdisk, mmls, fsstat, dumpe2fs,
// blkid, file and sgdisk.
import { run, runAll } from './tools';

export interface SfdiskPartition {
  node: string;
  start: number;
  size: number;
  type: string;
  uuid?: string;
  name?: string;
  bootable?: boolean;
  attrs?: string;
}

export interface SfdiskTable {
  label: 'gpt' | 'dos';
  id: string;
  firstlba?: number;
  lastlba?: number;
  sectorsize: number;
  partitions: SfdiskPartition[];
}

export function sfdiskJson(path: string): SfdiskTable {
  const parsed = JSON.parse(run('sfdisk', ['--json', path])) as { partitiontable: SfdiskTable };
  return { ...parsed.partitiontable, partitions: parsed.partitiontable.partitions ?? [] };
}

/** The partition number sfdisk gives, from its node name ("disk.img5" or "/dev/loop0p2"). */
export function sfdiskNumber(partition: SfdiskPartition): number {
  const match = /(\d+)$/.exec(partition.node);
  if (!match?.[1]) throw new Error(`no number in ${partition.node}`);
  return Number(match[1]);
}

/** Attribute bit numbers from sfdisk's attrs string ("RequiredPartition GUID:60,63"). */
export function sfdiskAttributeBits(attrs: string | undefined): number[] {
  if (!attrs) return [];
  const bits: number[] = [];
  for (const token of attrs.split(/\s+/)) {
    if (token === 'RequiredPartition') bits.push(0);
    else if (token === 'NoBlockIOProtocol') bits.push(1);
    else if (token === 'LegacyBIOSBootable') bits.push(2);
    else if (token.startsWith('GUID:')) bits.push(...token.slice(5).split(',').map(Number));
    else if (token !== '') throw new Error(`unknown sfdisk attribute ${token}`);
  }
  return bits.sort((a, b) => a - b);
}

export interface MmlsRow {
  slot: string;
  start: bigint;
  end: bigint;
  length: bigint;
  description: string;
}

export function mmls(path: string, args: readonly string[] = []): MmlsRow[] {
  const rows: MmlsRow[] = [];
  const pattern = /^\d{3}:\s+(Meta|-------|\d{3}(?::\d{3})?)\s+(\d+)\s+(\d+)\s+(\d+)\s{3}(.*)$/;
  for (const line of run('mmls', [...args, path]).split('\n')) {
    const match = pattern.exec(line);
    if (!match) continue;
    const [, slot, start, end, length, description] = match;
    rows.push({
      slot: slot ?? '',
      start: BigInt(start ?? 0),
      end: BigInt(end ?? 0),
      length: BigInt(length ?? 0),
      description: (description ?? '').trimEnd(),
    });
  }
  if (rows.length === 0) throw new Error(`mmls printed no rows for ${path}`);
  return rows;
}

/** "Key: value" lines (fsstat, dumpe2fs, sgdisk -i, ntfsinfo) as a map of trimmed values. */
export function keyValues(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split('\n')) {
    const at = line.indexOf(':');
    if (at <= 0) continue;
    const key = line.slice(0, at).trim();
    if (!map.has(key)) map.set(key, line.slice(at + 1).trim());
  }
  return map;
}

export function need(map: Map<string, string>, key: string): string {
  const value = map.get(key);
  if (value === undefined) throw new Error(`the tool's output has no "${key}"`);
  return value;
}

/** "A - B" ranges as fsstat prints them. */
export function range(text: string): [number, number] {
  const match = /(\d+)\s*-\s*(\d+)/.exec(text);
  if (!match) throw new Error(`no range in "${text}"`);
  return [Number(match[1]), Number(match[2])];
}

export function fsstat(path: string, offsetSectors: bigint, sectorSize = 512): string {
  return run('fsstat', ['-b', String(sectorSize), '-o', String(offsetSectors), path]);
}

export function blkid(path: string, offsetBytes: bigint): Map<string, string> {
  const result = runAll('blkid', ['-p', '-O', String(offsetBytes), path]);
  const map = new Map<string, string>();
  for (const match of result.stdout.matchAll(/(\w+)="([^"]*)"/g)) {
    if (match[1] !== undefined) map.set(match[1], match[2] ?? '');
  }
  return map;
}

export interface FileMbrEntry {
  number: number;
  type: number;
  active: boolean;
  startChs: [number, number, number];
  endChs: [number, number, number];
  start: number;
  sectors: number;
}

/** The MBR entries as `file` describes them: "partition 1 : ID=0x83, active, start-CHS (0x0,32,33), ...". */
export function fileMbrEntries(path: string): FileMbrEntry[] {
  const text = run('file', ['-b', path]);
  const entries: FileMbrEntry[] = [];
  const pattern =
    /partition (\d) : ID=0x([0-9a-f]+), (active, )?start-CHS \(0x([0-9a-f]+),(\d+),(\d+)\), end-CHS \(0x([0-9a-f]+),(\d+),(\d+)\), startsector (\d+), (\d+) sectors/g;
  for (const m of text.matchAll(pattern)) {
    entries.push({
      number: Number(m[1]),
      type: parseInt(m[2] ?? '', 16),
      active: m[3] !== undefined,
      startChs: [parseInt(m[4] ?? '', 16), Number(m[5]), Number(m[6])],
      endChs: [parseInt(m[7] ?? '', 16), Number(m[8]), Number(m[9])],
      start: Number(m[10]),
      sectors: Number(m[11]),
    });
  }
  return entries;
}

export function sgdiskInfo(path: string, partition: number): Map<string, string> {
  return keyValues(run('sgdisk', ['-i', String(partition), path]));
}

/** `sfdisk -T` for a label: type code (lower-case hex or GUID) to name. */
export function sfdiskTypeNames(label: 'dos' | 'gpt'): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of run('sfdisk', ['-T', '--label', label]).split('\n').slice(1)) {
    const match = /^\s*(\S+)\s+(.+)$/.exec(line);
    if (match?.[1] && match[2]) map.set(match[1].toUpperCase(), match[2].trim());
  }
  return map;
}

/**
 * `blkid -p -o export -d -O OFFSET [-S SIZE] PATH` as a map: what blkid finds at a byte offset,
 * within `size` bytes when given. -d prints the bytes of labels as they are (UTF-8), and export's
 * backslash escapes are undone. An empty map when blkid finds nothing.
 */
export function blkidExport(path: string, offset: bigint, size?: bigint): Map<string, string> {
  const args = ['-p', '-o', 'export', '-d', '-O', String(offset)];
  if (size !== undefined) args.push('-S', String(size));
  const result = runAll('blkid', [...args, path]);
  const map = new Map<string, string>();
  for (const line of result.stdout.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    map.set(line.slice(0, at), line.slice(at + 1).replace(/\\(.)/g, '$1'));
  }
  return map;
}
