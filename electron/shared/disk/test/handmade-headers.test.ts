// Formats no Debian tool here can make (HFS+: hfsprogs is not in Debian 12; APFS; BitLocker; an
// md RAID member, which mdadm writes only through the kernel's md driver): a minimal header
// built from the format's published layout, with blkid as the oracle of what it says.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { detectFilesystem, type DetectedFilesystem } from '../index';
import { blkidExport } from './helpers/oracles';
import { makeTempDir } from './helpers/tools';

const KiB = 1024;

function image(size: number, fill: (bytes: Uint8Array, view: DataView) => void): Uint8Array {
  const bytes = new Uint8Array(size);
  fill(bytes, new DataView(bytes.buffer));
  return bytes;
}

const ascii = (bytes: Uint8Array, at: number, text: string): void =>
  bytes.set(
    Array.from(text, (c) => c.charCodeAt(0)),
    at,
  );

describe('headers built by hand from published layouts, against blkid', () => {
  const dir = makeTempDir('handmade');
  after(() => dir.remove());

  /** Our reading and blkid's of the same bytes, written to a file. */
  async function both(name: string, bytes: Uint8Array) {
    const path = join(dir.path, name);
    writeFileSync(path, bytes);
    const ours = await detectFilesystem(bytes);
    return { ours, blkid: blkidExport(path, 0n) };
  }

  function assertSame(ours: DetectedFilesystem | null, blkid: Map<string, string>, type: string) {
    assert.equal(blkid.get('TYPE'), type, 'blkid recognises the header');
    assert.ok(ours, 'recognised');
    assert.equal(ours.type, type);
    assert.equal(ours.label, blkid.get('LABEL') ?? null, 'label');
    assert.equal(ours.uuid, blkid.get('UUID') ?? null, 'UUID');
  }

  test('HFS+ (Apple TN1150): label from the catalog, UUID an MD5 of the Finder info ID', async () => {
    const blockSize = 4096;
    const catalogBlock = 4;
    const bytes = image(64 * KiB, (b, v) => {
      // Volume header at 1024: signature, version, block size, total blocks, Finder info ID,
      // and the catalog file's first extent.
      ascii(b, 1024, 'H+');
      v.setUint16(1026, 4);
      v.setUint32(1024 + 0x28, blockSize);
      v.setUint32(1024 + 0x2c, 16);
      b.set([0x5c, 0x0e, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66], 1024 + 0x68);
      v.setUint32(1024 + 0x120, catalogBlock);
      v.setUint32(1024 + 0x124, 2);
      // Catalog header node: a header record naming leaf node 1, 4096-byte nodes.
      const header = catalogBlock * blockSize;
      b[header + 8] = 1;
      v.setUint16(header + 10, 3);
      v.setUint32(header + 14 + 6, 1); // leaf records
      v.setUint32(header + 14 + 10, 1); // first leaf node
      v.setUint16(header + 14 + 18, 4096); // node size
      // Leaf node 1: its first record's key, parent 1 (the root's parent), the volume name.
      const leaf = header + 4096;
      b[leaf + 8] = 0xff;
      v.setUint16(leaf + 10, 1);
      const name = 'Scope HFS+';
      v.setUint16(leaf + 14, 6 + name.length * 2);
      v.setUint32(leaf + 16, 1);
      v.setUint16(leaf + 20, name.length);
      Array.from(name).forEach((c, i) => v.setUint16(leaf + 22 + i * 2, c.charCodeAt(0)));
    });
    const { ours, blkid } = await both('hfsplus.img', bytes);
    assertSame(ours, blkid, 'hfsplus');
    assert.equal(ours?.label, 'Scope HFS+');
    assert.equal(ours?.size, 16n * 4096n);
  });

  test('APFS container superblock (Apple File System Reference): UUID and size', async () => {
    const bytes = image(8 * KiB, (b, v) => {
      v.setUint16(24, 1, true); // object type: container superblock
      v.setUint16(26, 0x8000, true);
      ascii(b, 32, 'NXSB');
      v.setUint32(36, 4096, true);
      v.setBigUint64(40, 2560n, true);
      b.set(
        [
          0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6, 0x47, 0x48, 0x89, 0x9a, 0xab, 0xbc, 0xcd, 0xde, 0xef,
          0xf0,
        ],
        72,
      );
    });
    const { ours, blkid } = await both('apfs.img', bytes);
    assertSame(ours, blkid, 'apfs');
    assert.equal(ours?.size, 2560n * 4096n);
  });

  test('BitLocker (Windows 7 and later): its FVE metadata block is found where the header says', async () => {
    const bytes = image(64 * KiB, (b, v) => {
      b.set([0xeb, 0x58, 0x90], 0);
      ascii(b, 3, '-FVE-FS-');
      v.setUint32(67, 0x12345678, true);
      v.setBigUint64(176, 0x2000n, true);
      ascii(b, 0x2000, '-FVE-FS-');
      b.set([0x55, 0xaa], 510);
    });
    const { ours, blkid } = await both('bitlocker.img', bytes);
    assertSame(ours, blkid, 'BitLocker');
    assert.equal(ours?.uuid, '0000000305419896');
    // Without the metadata block it is not BitLocker, for blkid nor for us.
    const bare = Uint8Array.from(bytes);
    bare.fill(0, 0x2000, 0x2008);
    const second = await both('bitlocker-bare.img', bare);
    assert.equal(second.blkid.get('TYPE'), undefined);
    assert.equal(second.ours, null);
  });

  /** An md version 1.x superblock (the kernel's md_p.h) at `at`. */
  function mdSuperblock(b: Uint8Array, v: DataView, at: number, dataSectors: bigint): void {
    v.setUint32(at, 0xa92b4efc, true);
    v.setUint32(at + 4, 1, true);
    b.set([0x5c, 0x0e, 0x5c, 0x0e, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], at + 16);
    ascii(b, at + 32, 'scopehost:0');
    v.setUint32(at + 72, 1, true); // RAID 1
    v.setBigUint64(at + 128, at === 0x1000 ? 2048n : 0n, true); // data offset
    v.setBigUint64(at + 136, dataSectors, true);
    v.setBigUint64(at + 144, BigInt(at / 512), true); // this superblock's own sector
  }

  test('md RAID member, superblock 1.2 (4 KiB in) and 1.0 (at the end)', async () => {
    const size = 4 * 1024 * KiB;
    const v12 = image(size, (b, v) => mdSuperblock(b, v, 0x1000, 4096n));
    const first = await both('md12.img', v12);
    assertSame(first.ours, first.blkid, 'linux_raid_member');
    assert.equal(first.blkid.get('VERSION'), '1.2');
    assert.equal(first.ours?.label, 'scopehost:0');
    assert.equal(first.ours?.size, (2048n + 4096n) * 512n);
    const at = (size & ~4095) - 8192;
    const v10 = image(size, (b, v) => mdSuperblock(b, v, at, 8000n));
    const end = await both('md10.img', v10);
    assertSame(end.ours, end.blkid, 'linux_raid_member');
    assert.equal(end.blkid.get('VERSION'), '1.0');
  });
});
