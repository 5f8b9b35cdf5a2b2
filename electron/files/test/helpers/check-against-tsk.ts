// One file system checked against The Sleuth Kit's own tools: every entry against fls -r -p,
// every file's runs against istat, the owner of sectors in them against ifind -d and ffind, the
// allocation of blocks outside them against blkstat, and every file's bytes against icat (and
// against what was written into the image).

import assert from 'node:assert/strict';
import type { SourceFileSystems } from '../../source-file-systems';
import type { FileEntryJson } from '../../../shared/files/file-entry';
import {
  blockAllocated,
  ffind,
  fls,
  icat,
  ifindBlock,
  istatBlocks,
  type Where,
} from './tsk-oracles';

export interface Checked {
  entries: FileEntryJson[];
  ownersChecked: number;
  filesCompared: number;
}

const key = (address: string, path: string, deleted: boolean) =>
  `${address}\t${path}\t${deleted ? 'deleted' : 'allocated'}`;

/** The attribute part of an address ("128-2" of "64-128-2"), or undefined. */
function attributeOf(address: string): string | undefined {
  const parts = address.split('-');
  return parts.length === 3 ? `${parts[1]}-${parts[2]}` : undefined;
}

/** How many files get their owners checked with ifind and ffind (each a process or two). */
const OWNER_CHECKS = 8;
/** How many blocks no file holds get checked with blkstat. */
const FREE_CHECKS = 16;

export async function checkAgainstTsk(
  systems: SourceFileSystems,
  partition: number,
  w: Where,
  written: Map<string, Buffer>,
): Promise<Checked> {
  const target = await systems.target(partition);
  const fs = await systems.fileSystem(target);
  const entries: FileEntryJson[] = [];
  await fs.list((batch) => entries.push(...batch));

  // Every entry as fls prints it.
  const ours = entries.map((e) => key(e.address, e.path.slice(1), !e.allocated)).sort();
  const theirs = fls(w)
    .map((e) => key(e.address, e.path, e.deleted))
    .sort();
  assert.deepEqual(ours, theirs, 'files differs from fls -r -p');

  const sectorSize = systems.source.geometry.logicalSectorSize;
  const { blockSize, offset } = fs.description;
  const lbaOf = (block: number) =>
    Number((offset + BigInt(block) * BigInt(blockSize)) / BigInt(sectorSize));
  const { index } = await systems.ownerIndex(target);
  let ownersChecked = 0;
  let filesCompared = 0;
  const held = new Set<number>();
  const regular = entries.filter((e) => e.type === 'file' && e.allocated && e.size > 0);
  const ownerEvery = Math.ceil(regular.length / OWNER_CHECKS);
  for (const [position, entry] of regular.entries()) {
    const extents = await fs.extents({
      inode: entry.inode,
      ...(entry.attribute ? { type: entry.attribute.type, id: entry.attribute.id } : {}),
    });
    const blocks = extents.extents.flatMap((e) =>
      e.sparse ? [] : Array.from({ length: e.blocks }, (_, i) => e.block + i),
    );
    const attribute = attributeOf(entry.address);
    const istat = istatBlocks(w, String(entry.inode), attribute);
    // istat pads its last line of sector numbers with zeros on FAT.
    while (istat.length > 1 && istat.at(-1) === 0) istat.pop();
    // istat lists the blocks that hold the content; the runs go on to the end of the last
    // cluster (FAT's blocks are sectors, allocated by the cluster): that tail is slack.
    assert.deepEqual(blocks.slice(0, istat.length), istat, `extents of ${entry.path} vs istat`);
    assert.ok(blocks.length * blockSize <= Math.max(extents.allocatedSize, extents.size));
    for (const block of blocks) held.add(block);
    // The owner of the first and last block of the content, as ifind -d and ffind say.
    const ownerChecks = position % ownerEvery === 0 ? [istat[0], istat.at(-1)] : [];
    for (const block of new Set(ownerChecks)) {
      if (block === undefined) continue;
      const owner = await systems.owner(BigInt(lbaOf(block)), partition);
      const expected = ifindBlock(w, block);
      assert.equal(owner.address, expected, `owner of block ${block} (${entry.path})`);
      assert.equal(owner.block, block);
      const names = ffind(w, expected ?? '').map((name) => name.replace(/^\* /, ''));
      assert.ok(
        names.includes(owner.path ?? ''),
        `owner path ${owner.path} of block ${block} is not among ffind's ${names.join(', ')}`,
      );
      assert.equal(owner.allocated, true);
      ownersChecked++;
    }
    // Content: icat's, and what was written into the image.
    const address = entry.address;
    const chunks: Uint8Array[] = [];
    for (let at = 0n; ;) {
      const part = await fs.readFile(
        {
          inode: entry.inode,
          ...(entry.attribute ? { type: entry.attribute.type, id: entry.attribute.id } : {}),
        },
        at,
        1 << 20,
      );
      if (part.bytes.length === 0) break;
      chunks.push(part.bytes);
      at += BigInt(part.bytes.length);
    }
    const content = Buffer.concat(chunks);
    assert.ok(content.equals(icat(w, address)), `content of ${entry.path} differs from icat`);
    const known = written.get(entry.path.slice(1));
    if (known)
      assert.ok(content.equals(known), `content of ${entry.path} differs from what was written`);
    filesCompared++;
  }
  // Blocks no file holds: allocated or not, as blkstat says.
  const { firstBlock, lastBlock } = index.filesystem;
  const step = Math.max(1, Math.floor((lastBlock - firstBlock) / FREE_CHECKS));
  for (let block = firstBlock; block <= lastBlock; block += step) {
    if (held.has(block)) continue;
    const owner = await systems.owner(BigInt(lbaOf(block)), partition);
    assert.equal(owner.allocated, blockAllocated(w, block), `allocation of block ${block}`);
    if (!owner.allocated) assert.equal(owner.inode, null);
    ownersChecked++;
  }
  return { entries, ownersChecked, filesCompared };
}
