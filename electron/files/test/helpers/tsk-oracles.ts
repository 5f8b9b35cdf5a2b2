// The Sleuth Kit's command-line tools as oracles, their output parsed: fls -r -p (every entry),
// ifind -d (the inode holding a block), ffind (an inode's names), istat (an attribute's blocks),
// icat (content). Each takes the file system's offset in sectors (-o) and the image's sector
// size (-b) as the product's commands take --partition and --sector-size.

import { execFileSync, spawnSync } from 'node:child_process';

export interface Where {
  image: string;
  /** Sectors from the image's start. */
  offsetSectors?: number;
  sectorSize?: number;
}

function where(w: Where): string[] {
  const args: string[] = [];
  if (w.sectorSize) args.push('-b', String(w.sectorSize));
  if (w.offsetSectors) args.push('-o', String(w.offsetSectors));
  return args;
}

export interface FlsEntry {
  type: string;
  deleted: boolean;
  /** fls's address column: 12, 64-128-2. */
  address: string;
  /** From the root, without a leading slash, as fls -p prints it. */
  path: string;
  reallocated: boolean;
}

/** fls -r -p: one line per entry. */
export function fls(w: Where): FlsEntry[] {
  const text = execFileSync('fls', ['-r', '-p', ...where(w), w.image], { encoding: 'utf8' });
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const match = /^(\S+) (\* )?([\d-]+)(\(realloc\))?:\t(.*)$/.exec(line);
      if (!match) throw new Error(`fls line not understood: ${line}`);
      return {
        type: match[1] ?? '',
        deleted: match[2] !== undefined,
        address: match[3] ?? '',
        reallocated: match[4] !== undefined,
        path: match[5] ?? '',
      };
    });
}

/** ifind -d: the inode (address) holding a block, or null ("Inode not found"). */
export function ifindBlock(w: Where, block: number): string | null {
  const run = spawnSync('ifind', ['-d', String(block), ...where(w), w.image], { encoding: 'utf8' });
  const text = run.stdout.trim();
  if (run.status !== 0 || !text || /not found/i.test(text)) return null;
  return text.split('\n')[0] ?? null;
}

/** ffind: the names of an inode, "/path" each ("* /path" for a deleted name). */
export function ffind(w: Where, inode: string): string[] {
  const run = spawnSync('ffind', ['-a', ...where(w), w.image, inode], { encoding: 'utf8' });
  // ffind names a file in NTFS's root "//name": one slash is the root.
  return run.stdout
    .split('\n')
    .filter((line) => line && !/not found/i.test(line))
    .map((line) => line.replace(/\/\/+/g, '/'));
}

/** blkstat: whether TSK says a block is allocated. */
export function blockAllocated(w: Where, block: number): boolean {
  const text = execFileSync('blkstat', [...where(w), w.image, String(block)], { encoding: 'utf8' });
  return !/Not Allocated/.test(text) && /Allocated/.test(text);
}

/**
 * istat's list of blocks for an attribute: the numbers after "Direct Blocks:" (ext, FAT,
 * exFAT: "Sectors:") or, on NTFS, under the attribute's "Type:" line (attribute as TYPE-ID).
 */
export function istatBlocks(w: Where, inode: string, attribute?: string): number[] {
  const text = execFileSync('istat', [...where(w), w.image, inode], { encoding: 'utf8' });
  const lines = text.split('\n');
  let start: number;
  if (attribute !== undefined) {
    start = lines.findIndex((line) => line.startsWith('Type:') && line.includes(`(${attribute})`));
  } else {
    start = lines.findIndex((line) => /^(Direct Blocks|Sectors):/.test(line));
  }
  if (start < 0) return [];
  const blocks: number[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!/^[\d ]+$/.test(line.trim()) || line.trim() === '') break;
    for (const word of line.trim().split(/\s+/)) blocks.push(Number(word));
  }
  return blocks;
}

/** icat (with -s: and the slack): the bytes of an inode's content. */
export function icat(w: Where, inode: string, slack = false): Buffer {
  const args = [...(slack ? ['-s'] : []), ...where(w), w.image, inode];
  return execFileSync('icat', args, { maxBuffer: 1024 * 1024 * 1024 });
}
