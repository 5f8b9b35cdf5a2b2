// From an LBA and the owner index of the file system holding it to what `owner` prints and the
// status bar shows: the file and the byte of it, the file system's own metadata (naming, in
// NTFS's $MFT, the file whose record it is), or unallocated space with the deleted files that
// once named the block.

import type { FormerOwnerJson, OwnerJson } from '../shared/files/file-entry';
import type { FsTarget } from './fs-targets';
import {
  ownerOfBlock,
  streamOfInode,
  STREAM_ATTRIBUTE,
  type OwnerIndexData,
  type StreamHit,
} from './owner-index';
import { systemLabel } from './system-streams';

/** What the file system marks as metadata, by type, for people. */
function metadataKinds(fsType: string): string {
  if (/^ext[234]?$/.test(fsType)) {
    return 'superblock, group descriptors, bitmaps or inode tables';
  }
  if (fsType.startsWith('fat')) return 'boot sector, FATs or root directory';
  return 'file system structures';
}

interface StreamFacts {
  inode: number;
  address: string;
  path: string | null;
  offset: number;
  /** The offset is past the content, in the last block's slack. */
  slack: boolean;
}

function streamFacts(index: OwnerIndexData, hit: StreamHit, byteInBlock: number): StreamFacts {
  const { streams, filesystem } = index;
  const inode = streams.inodes[hit.stream] ?? 0;
  const several = ((streams.flags[hit.stream] ?? 0) & STREAM_ATTRIBUTE) !== 0;
  const address = several
    ? `${inode}-${streams.attributeTypes[hit.stream] ?? 0}-${streams.attributeIds[hit.stream] ?? 0}`
    : String(inode);
  const offset = hit.blockInStream * filesystem.blockSize + byteInBlock;
  return {
    inode,
    address,
    path: streams.paths[hit.stream] ?? null,
    offset,
    slack: offset >= (streams.sizes[hit.stream] ?? 0),
  };
}

/** For a sector of NTFS's $MFT: "the record of entry 1234: /path". */
function mftRecordNote(index: OwnerIndexData, facts: { inode: number; offset: number }): string {
  const { mftRecordBytes } = index.filesystem;
  if (facts.inode !== 0 || !mftRecordBytes) return '';
  const entry = Math.floor(facts.offset / mftRecordBytes);
  const stream = streamOfInode(index.streams, entry);
  const path = stream >= 0 ? (index.streams.paths[stream] ?? null) : null;
  return `, the record of MFT entry ${entry}${path ? `: ${path}` : ''}`;
}

export function describeOwner(
  lba: bigint,
  sectorSize: number,
  target: FsTarget,
  index: OwnerIndexData,
): OwnerJson {
  const { filesystem } = index;
  const base = {
    lba: Number(lba),
    partition: target.partition,
    filesystem: filesystem.type,
  };
  const byte = lba * BigInt(sectorSize) - BigInt(filesystem.offset);
  const blockSize = BigInt(filesystem.blockSize);
  const block = byte < 0n ? -1 : Number(byte / blockSize);
  const byteInBlock = byte < 0n ? 0 : Number(byte % blockSize);
  const owner = ownerOfBlock(index, block);
  const none = { inode: null, address: null, path: null, offset: null };
  switch (owner.kind) {
    case 'outside':
      return {
        ...base,
        kind: 'outside',
        block: null,
        ...none,
        allocated: false,
        description: `outside the ${filesystem.type} file system of ${target.label}`,
      };
    case 'file': {
      const { slack, ...facts } = streamFacts(index, owner.hit, byteInBlock);
      const name = facts.path ?? `inode ${facts.address}`;
      return {
        ...base,
        kind: 'file',
        block,
        ...facts,
        allocated: true,
        description: slack
          ? `slack of file ${name}, past its end (byte ${facts.offset})`
          : `file ${name} at byte ${facts.offset}`,
      };
    }
    case 'metadata': {
      if (!owner.hit) {
        const what = owner.marked
          ? `file system metadata (${metadataKinds(filesystem.type)})`
          : 'allocated to the file system, held by no file The Sleuth Kit lists';
        return { ...base, kind: 'metadata', block, ...none, allocated: true, description: what };
      }
      const facts = streamFacts(index, owner.hit, byteInBlock);
      const name =
        facts.path ?? systemLabel(filesystem.type, facts.inode, -1) ?? `inode ${facts.address}`;
      return {
        ...base,
        kind: 'metadata',
        block,
        inode: facts.inode,
        address: facts.address,
        path: facts.path,
        offset: facts.offset,
        allocated: true,
        description: `file system metadata (${name}${mftRecordNote(index, facts)})`,
      };
    }
    case 'unallocated': {
      const formerly: FormerOwnerJson[] = owner.formerly.map((hit) => {
        const facts = streamFacts(index, hit, byteInBlock);
        return {
          inode: facts.inode,
          address: facts.address,
          path: facts.path,
          offset: facts.offset,
        };
      });
      const first = formerly[0];
      const note = first
        ? `; deleted file ${first.path ?? `inode ${first.address}`} named it (byte ${first.offset})`
        : '';
      return {
        ...base,
        kind: 'unallocated',
        block,
        ...none,
        allocated: false,
        description: `unallocated${note}`,
        formerly,
      };
    }
  }
}
