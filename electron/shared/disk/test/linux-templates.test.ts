import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import {
  analyzeDisk,
  compareBackup,
  decodeTemplate,
  locateStructures,
  TEMPLATES,
  type DecodedField,
  type StructureLocation,
} from '../index';
import { readBytes } from './helpers/images';
import { fileSource } from './helpers/memory-source';
import { keyValues, need } from './helpers/oracles';
import { makeTempDir, run } from './helpers/tools';
import { buildFilesystemZoo, type Zoo } from './helpers/zoo';

/** "key = value" lines (xfs_db) and "key<tabs>value" lines (btrfs dump-super) as maps. */
const equalsLines = (text: string): Map<string, string> =>
  new Map([...text.matchAll(/^(\S+) = (.*)$/gm)].map((m) => [m[1] ?? '', m[2] ?? '']));
const tabLines = (text: string): Map<string, string> =>
  new Map([...text.matchAll(/^(\S+)\t+(.*)$/gm)].map((m) => [m[1] ?? '', (m[2] ?? '').trim()]));

describe('btrfs, XFS, ISO 9660 and LUKS templates against their own tools', () => {
  const dir = makeTempDir('linux-templates');
  let zoo: Zoo;
  let locations: StructureLocation[];

  before(async () => {
    zoo = buildFilesystemZoo(dir.path);
    const source = fileSource(zoo.image);
    locations = locateStructures(await analyzeDisk(source, { crc32 }));
    source.close();
  });
  after(() => dir.remove());

  const side = (key: string): string => zoo.sides.get(key) ?? assert.fail(`no side file ${key}`);
  const at = (key: string, id: string): StructureLocation => {
    const index = zoo.partitions.get(key)?.index;
    const location = locations.find((l) => l.id === `p${index}-${id}`);
    assert.ok(location, `${key}: no ${id} in ${locations.map((l) => l.id).join(', ')}`);
    return location;
  };
  const bytesAt = (location: StructureLocation): Uint8Array =>
    readBytes(zoo.image, location.byteOffset, TEMPLATES[location.template].size);
  const decode = (location: StructureLocation): Map<string, DecodedField> =>
    new Map(
      decodeTemplate(TEMPLATES[location.template], bytesAt(location)).map((f) => [f.name, f]),
    );
  const show = (fields: Map<string, DecodedField>, name: string): string => {
    const field = fields.get(name);
    assert.ok(field?.ok, `field ${name}`);
    return String(field.value);
  };

  test('btrfs superblock agrees with btrfs inspect-internal dump-super', () => {
    const dump = tabLines(run('btrfs', ['inspect-internal', 'dump-super', '-f', side('btrfs')]));
    const sb = decode(at('btrfs', 'superblock'));
    const same: [string, string][] = [
      ['bytenr', 'Byte number'],
      ['generation', 'Generation'],
      ['root', 'Root tree'],
      ['chunk_root', 'Chunk tree'],
      ['total_bytes', 'Total bytes'],
      ['bytes_used', 'Bytes used'],
      ['sectorsize', 'Sector size'],
      ['nodesize', 'Node size'],
      ['num_devices', 'Number of devices'],
      ['dev_item.total_bytes', 'Device total bytes'],
      ['dev_item.devid', 'Device ID'],
      ['cache_generation', 'Cache generation'],
      ['sys_array_size', 'System chunk array size'],
    ];
    for (const [key, name] of same) assert.equal(show(sb, name), need(dump, key), name);
    assert.equal(show(sb, 'Filesystem UUID'), need(dump, 'fsid'));
    assert.equal(show(sb, 'Device UUID'), need(dump, 'dev_item.uuid'));
    assert.equal(show(sb, 'Label'), need(dump, 'label'));
    assert.equal(
      BigInt(show(sb, 'Incompatible flags')),
      BigInt(need(dump, 'incompat_flags').split(/\s/)[0] ?? ''),
    );
    // dump-super prints the checksum's bytes in disk order (crc32c: the first four).
    const csum = sb.get('Checksum')?.value as string;
    const stored = csum.split(' ').slice(0, 4).join('').toLowerCase();
    assert.equal(`0x${stored}`, need(dump, 'csum').split(' ')[0]);
  });

  test('the btrfs copy at 64 MiB differs by design only where dump-super -s 1 differs', () => {
    const primary = at('btrfs', 'superblock');
    const copy = at('btrfs', 'backup-superblock-1');
    assert.equal(copy.byteOffset - primary.byteOffset, 64n * 1024n * 1024n - 65536n);
    const read = (mirror: string) =>
      tabLines(run('btrfs', ['inspect-internal', 'dump-super', '-s', mirror, side('btrfs')]));
    const [zero, one] = [read('0'), read('1')];
    const differing = [...zero.keys()].filter((key) => zero.get(key) !== one.get(key)).sort();
    assert.deepEqual(differing, ['bytenr', 'csum']);
    const { differences, expected } = compareBackup(
      bytesAt(primary),
      bytesAt(copy),
      'btrfs-superblock',
    );
    assert.deepEqual(differences, []);
    assert.deepEqual(expected.map((d) => d.name).sort(), ['Byte number', 'Checksum']);
    const relabelled = Uint8Array.from(bytesAt(copy));
    relabelled.set(new TextEncoder().encode('other'), 0x12b);
    const real = compareBackup(bytesAt(primary), relabelled, 'btrfs-superblock');
    assert.deepEqual(
      real.differences.map((d) => d.name),
      ['Label'],
    );
  });

  test('XFS superblock agrees with xfs_db, and its AG 1 copy differs where xfs_db says', () => {
    const dump = (n: number) =>
      equalsLines(run('xfs_db', ['-r', '-c', `sb ${n}`, '-c', 'print', side('xfs')]));
    const zero = dump(0);
    const sb = decode(at('xfs', 'superblock'));
    const same: [string, string][] = [
      ['blocksize', 'Block size'],
      ['dblocks', 'Data blocks'],
      ['agblocks', 'AG blocks'],
      ['agcount', 'AG count'],
      ['sectsize', 'Sector size'],
      ['inodesize', 'Inode size'],
      ['rootino', 'Root inode'],
      ['logstart', 'Log start'],
      ['icount', 'Allocated inodes'],
      ['ifree', 'Free inodes'],
      ['fdblocks', 'Free data blocks'],
      ['imax_pct', 'Maximum inode percent'],
    ];
    for (const [key, name] of same) assert.equal(show(sb, name), need(zero, key), name);
    assert.equal(show(sb, 'UUID'), need(zero, 'uuid'));
    assert.equal(`"${show(sb, 'Filesystem name')}\\000\\000\\000\\000"`, need(zero, 'fname'));
    // sb_crc is little-endian on disk; xfs_db prints its bytes in disk order.
    const crc = sb.get('Checksum');
    assert.ok(crc && typeof crc.value === 'number');
    const diskOrder = new DataView(new ArrayBuffer(4));
    diskOrder.setUint32(0, crc.value, true);
    assert.equal(
      `0x${diskOrder.getUint32(0, false).toString(16)}`,
      need(zero, 'crc').split(' ')[0],
    );

    const one = dump(1);
    const names: Record<string, string> = {
      rbmino: 'Realtime bitmap inode',
      rsumino: 'Realtime summary inode',
      inprogress: 'mkfs in progress',
      icount: 'Allocated inodes',
      ifree: 'Free inodes',
      fdblocks: 'Free data blocks',
      crc: 'Checksum',
    };
    const differing = [...zero.keys()]
      .filter((key) => zero.get(key) !== one.get(key))
      .map((key) => names[key] ?? `unmapped xfs_db key ${key}`)
      .sort();
    const copy = at('xfs', 'backup-superblock');
    const { differences, expected } = compareBackup(
      bytesAt(at('xfs', 'superblock')),
      bytesAt(copy),
      'xfs-superblock',
    );
    assert.deepEqual(differences, []);
    assert.deepEqual(expected.map((d) => d.name).sort(), differing);
  });

  test('ISO 9660 primary volume descriptor agrees with isoinfo -d', () => {
    const info = keyValues(run('isoinfo', ['-d', '-i', side('iso9660')]));
    const pvd = decode(at('iso9660', 'pvd'));
    assert.equal(show(pvd, 'Identifier'), 'CD001');
    assert.equal(show(pvd, 'Volume identifier').trimEnd(), need(info, 'Volume id'));
    assert.equal(show(pvd, 'System identifier').trimEnd(), need(info, 'System id'));
    assert.equal(show(pvd, 'Volume space size (LE)'), need(info, 'Volume size is'));
    assert.equal(show(pvd, 'Volume space size (BE)'), need(info, 'Volume size is'));
    assert.equal(show(pvd, 'Logical block size (LE)'), need(info, 'Logical block size is'));
    assert.equal(show(pvd, 'Volume set size (LE)'), need(info, 'Volume set size is'));
  });

  test('LUKS1 and LUKS2 headers agree with cryptsetup luksDump; the LUKS2 copies compare', () => {
    const one = keyValues(run('cryptsetup', ['luksDump', side('luks1')]));
    const v1 = decode(at('luks1', 'header'));
    assert.equal(show(v1, 'Version'), need(one, 'Version'));
    assert.equal(show(v1, 'Cipher name'), need(one, 'Cipher name'));
    assert.equal(show(v1, 'Cipher mode'), need(one, 'Cipher mode'));
    assert.equal(show(v1, 'Hash'), need(one, 'Hash spec'));
    assert.equal(show(v1, 'Payload offset'), need(one, 'Payload offset'));
    assert.equal(Number(show(v1, 'Key bytes')) * 8, Number(need(one, 'MK bits')));
    assert.equal(show(v1, 'UUID'), need(one, 'UUID'));
    assert.equal(show(v1, 'Master key digest iterations'), need(one, 'MK iterations'));

    const two = keyValues(run('cryptsetup', ['luksDump', side('luks2')]));
    const primary = at('luks2', 'header');
    const v2 = decode(primary);
    assert.equal(show(v2, 'Version'), need(two, 'Version'));
    assert.equal(show(v2, 'Sequence ID'), need(two, 'Epoch'));
    assert.equal(show(v2, 'Label'), need(two, 'Label'));
    assert.equal(show(v2, 'UUID'), need(two, 'UUID'));
    assert.equal(`${show(v2, 'Header size')} [bytes]`, need(two, 'Metadata area'));
    const secondary = at('luks2', 'backup-header');
    assert.equal(secondary.byteOffset - primary.byteOffset, BigInt(show(v2, 'Header size')));
    const { differences, expected } = compareBackup(
      bytesAt(primary),
      bytesAt(secondary),
      'luks2-header',
    );
    assert.deepEqual(differences, []);
    assert.deepEqual(expected.map((d) => d.name).sort(), [
      'Checksum',
      'Header offset',
      'Magic',
      'Salt',
    ]);
  });
});
