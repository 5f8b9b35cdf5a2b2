import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DECODERS, DECODER_IDS, decodeValue, INSPECTOR_DECODERS, type DecoderId } from '../index';
import { createSparse, readBytes } from './helpers/images';
import { sgdiskInfo } from './helpers/oracles';
import { makeTempDir, run } from './helpers/tools';

const ROUNDS = 500;

function randomBigInt(bits: number, signed: boolean): bigint {
  const raw = BigInt(`0x${randomBytes(bits / 8).toString('hex')}`);
  return signed ? BigInt.asIntN(bits, raw) : raw;
}

type Writer = (buffer: Buffer, value: never) => void;

const INTEGERS: [DecoderId, number, boolean, Writer][] = [
  ['int8', 1, true, (b, v: number) => b.writeInt8(v)],
  ['uint8', 1, false, (b, v: number) => b.writeUInt8(v)],
  ['int16le', 2, true, (b, v: number) => b.writeInt16LE(v)],
  ['uint16le', 2, false, (b, v: number) => b.writeUInt16LE(v)],
  ['int16be', 2, true, (b, v: number) => b.writeInt16BE(v)],
  ['uint16be', 2, false, (b, v: number) => b.writeUInt16BE(v)],
  ['int32le', 4, true, (b, v: number) => b.writeInt32LE(v)],
  ['uint32le', 4, false, (b, v: number) => b.writeUInt32LE(v)],
  ['int32be', 4, true, (b, v: number) => b.writeInt32BE(v)],
  ['uint32be', 4, false, (b, v: number) => b.writeUInt32BE(v)],
];

const BIG_INTEGERS: [DecoderId, boolean, Writer][] = [
  ['int64le', true, (b, v: bigint) => b.writeBigInt64LE(v)],
  ['uint64le', false, (b, v: bigint) => b.writeBigUInt64LE(v)],
  ['int64be', true, (b, v: bigint) => b.writeBigInt64BE(v)],
  ['uint64be', false, (b, v: bigint) => b.writeBigUInt64BE(v)],
];

describe('data inspector decoders', () => {
  test('the inspector offers every decoder the issue asks for', () => {
    for (const id of [
      'int8',
      'uint64be',
      'float32le',
      'float64be',
      'filetime',
      'unix32',
      'unix64',
      'dosdate',
      'dostime',
      'guid',
      'utf8',
      'utf16le',
      'bits',
    ] as const) {
      assert.ok(INSPECTOR_DECODERS.includes(id), id);
    }
    assert.deepEqual(Object.keys(DECODERS).sort(), [...DECODER_IDS].sort());
  });

  test('integers read back what Buffer wrote, at the edges and at random', () => {
    for (const [id, size, signed, write] of INTEGERS) {
      const bits = size * 8;
      const min = signed ? -(2 ** (bits - 1)) : 0;
      const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
      const values = [
        min,
        max,
        0,
        ...Array.from({ length: ROUNDS }, () =>
          randomInt(min, max + 1 > 2 ** 48 ? 2 ** 48 : max + 1),
        ),
      ];
      for (const v of values) {
        const buffer = Buffer.alloc(size);
        (write as (b: Buffer, v: number) => void)(buffer, v);
        const decoded = decodeValue(id, buffer);
        assert.equal(decoded.value, v, `${id} ${v}`);
        assert.equal(decoded.display, String(v));
      }
    }
    for (const [id, signed, write] of BIG_INTEGERS) {
      const edges = signed ? [-(2n ** 63n), 2n ** 63n - 1n, -1n] : [0n, 2n ** 64n - 1n];
      for (const v of [
        ...edges,
        ...Array.from({ length: ROUNDS }, () => randomBigInt(64, signed)),
      ]) {
        const buffer = Buffer.alloc(8);
        (write as (b: Buffer, v: bigint) => void)(buffer, v);
        assert.equal(decodeValue(id, buffer).value, v, `${id} ${v}`);
        assert.equal(decodeValue(id, buffer).display, v.toString());
      }
    }
  });

  test('floats read back what Buffer wrote and print the shortest exact text', () => {
    const specials = [
      0,
      -0,
      1.5,
      -2.25,
      0.1,
      1e-45,
      3.4028234663852886e38,
      Infinity,
      -Infinity,
      NaN,
      Math.PI,
    ];
    const randoms = Array.from({ length: ROUNDS }, () => randomBytes(8).readDoubleLE(0));
    for (const x of [...specials, ...randoms]) {
      for (const [id, write, size] of [
        ['float32le', (b: Buffer) => b.writeFloatLE(x), 4],
        ['float32be', (b: Buffer) => b.writeFloatBE(x), 4],
        ['float64le', (b: Buffer) => b.writeDoubleLE(x), 8],
        ['float64be', (b: Buffer) => b.writeDoubleBE(x), 8],
      ] as const) {
        const buffer = Buffer.alloc(size);
        write(buffer);
        const expected = size === 4 ? Math.fround(x) : x;
        const decoded = decodeValue(id, buffer);
        assert.ok(Object.is(decoded.value, expected), `${id} ${x}`);
        const back = size === 4 ? Math.fround(Number(decoded.display)) : Number(decoded.display);
        assert.ok(Object.is(back, expected), `${id} ${x} printed as ${decoded.display}`);
      }
    }
    assert.equal(decodeValue('float32le', Buffer.from([0xcd, 0xcc, 0xcc, 0x3d])).display, '0.1');
  });

  test('FILETIME matches Date arithmetic done independently, to 100 ns', () => {
    const EPOCH_DIFF_MS = 11644473600000n; // 1601-01-01 to 1970-01-01
    const samples = [
      0n,
      2n ** 64n - 1n,
      ...Array.from({ length: ROUNDS }, () => randomBigInt(64, false)),
    ];
    samples.push(
      BigInt(Date.UTC(2024, 1, 29, 12, 34, 56, 789)) * 10000n + EPOCH_DIFF_MS * 10000n + 1234n,
    );
    for (const filetime of samples) {
      const ms = filetime / 10000n - EPOCH_DIFF_MS;
      const rest = String(filetime % 10000n).padStart(4, '0');
      const expected = new Date(Number(ms)).toISOString().replace('Z', `${rest}Z`);
      const buffer = Buffer.alloc(8);
      buffer.writeBigUInt64LE(filetime);
      assert.equal(decodeValue('filetime', buffer).display, expected, String(filetime));
    }
    const leap = Buffer.alloc(8);
    leap.writeBigUInt64LE(samples[samples.length - 1] ?? 0n);
    assert.equal(decodeValue('filetime', leap).display, '2024-02-29T12:34:56.7891234Z');
  });

  test('Unix times match Date.toISOString', () => {
    for (let i = 0; i < ROUNDS; i++) {
      const seconds = randomInt(-(2 ** 31), 2 ** 31);
      const buffer = Buffer.alloc(4);
      buffer.writeInt32LE(seconds);
      const expected = new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
      assert.equal(decodeValue('unix32', buffer).display, expected);
      const wide = BigInt(randomInt(-8.64e12, 8.64e12));
      const buffer64 = Buffer.alloc(8);
      buffer64.writeBigInt64LE(wide);
      const expected64 = new Date(Number(wide) * 1000).toISOString().replace('.000Z', 'Z');
      assert.equal(decodeValue('unix64', buffer64).display, expected64);
    }
    const far = Buffer.alloc(8);
    far.writeBigInt64LE(2n ** 62n);
    assert.match(decodeValue('unix64', far).display, /^\+\d{6,}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  test('DOS date and time match a file time stored by mtools', (t) => {
    const dir = makeTempDir('dos');
    t.after(() => dir.remove());
    const image = join(dir.path, 'fat.img');
    createSparse(image, 4 * 1024 * 1024);
    run('mkfs.fat', ['-F', '12', image]);
    const file = join(dir.path, 'stamp.txt');
    writeFileSync(file, 'x');
    run('touch', ['-d', '2021-03-04 05:06:08', file], { TZ: 'UTC' });
    run('mcopy', ['-m', '-i', image, file, '::STAMP.TXT'], { TZ: 'UTC' });
    const boot = readBytes(image, 0, 512);
    const view = Buffer.from(boot);
    const rootDir =
      (view.readUInt16LE(14) + view.readUInt8(16) * view.readUInt16LE(22)) * view.readUInt16LE(11);
    const dirBytes = readFileSync(image).subarray(rootDir, rootDir + 16 * 32);
    let entry = -1;
    for (let at = 0; at < dirBytes.length; at += 32) {
      if (dirBytes.toString('latin1', at, at + 11) === 'STAMP   TXT') entry = at;
    }
    assert.ok(entry >= 0, 'mcopy wrote the directory entry');
    const stamp = dirBytes.subarray(entry + 22, entry + 26);
    assert.equal(decodeValue('dosdatetime', stamp).value, '2021-03-04T05:06:08');
    assert.equal(decodeValue('dostime', stamp.subarray(0, 2)).display, '05:06:08');
    assert.equal(decodeValue('dosdate', stamp.subarray(2, 4)).display, '2021-03-04');
  });

  test('DOS dates and times that cannot exist are refused, not invented', () => {
    const date = (y: number, m: number, d: number): Buffer => {
      const b = Buffer.alloc(2);
      b.writeUInt16LE(((y - 1980) << 9) | (m << 5) | d);
      return b;
    };
    assert.equal(decodeValue('dosdate', date(2024, 2, 29)).display, '2024-02-29');
    assert.equal(decodeValue('dosdate', date(2023, 2, 29)).ok, false);
    assert.equal(decodeValue('dosdate', date(2023, 13, 1)).ok, false);
    assert.equal(decodeValue('dosdate', Buffer.alloc(2)).ok, false);
    const time = Buffer.alloc(2);
    time.writeUInt16LE((24 << 11) | (0 << 5) | 0);
    assert.equal(decodeValue('dostime', time).ok, false);
  });

  test('GUIDs print like sgdisk, UUIDs like mkfs.ext4 was given them', (t) => {
    const dir = makeTempDir('guid');
    t.after(() => dir.remove());
    const image = join(dir.path, 'guid.img');
    createSparse(image, 4 * 1024 * 1024);
    run('sgdisk', ['--new=1:2048:+1024', '--new=2:0:+1024', image]);
    for (const index of [1, 2]) {
      const entry = readBytes(image, 1024 + (index - 1) * 128, 128);
      const info = sgdiskInfo(image, index);
      assert.equal(
        decodeValue('guid', entry.subarray(16, 32)).display,
        info.get('Partition unique GUID'),
      );
      assert.equal(
        decodeValue('guid', entry).display,
        info.get('Partition GUID code')?.split(' ')[0],
      );
    }
    const uuid = '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';
    const ext = join(dir.path, 'ext.img');
    createSparse(ext, 2 * 1024 * 1024);
    run('mkfs.ext2', ['-q', '-F', '-U', uuid, ext]);
    assert.equal(decodeValue('uuid', readBytes(ext, 1024 + 104, 16)).display, uuid);
  });

  test('text decoders read what Buffer encoded, stopping at NUL', () => {
    const samples = ['EFI system', 'Ünïcødé ✓', 'emoji 😀 pair', ''];
    for (const text of samples) {
      const utf8 = Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0, 0x41])]);
      const utf16 = Buffer.concat([Buffer.from(text, 'utf16le'), Buffer.from([0, 0, 0x41, 0])]);
      assert.equal(decodeValue('utf8', utf8).value, text);
      assert.equal(decodeValue('utf16le', utf16).value, text);
      assert.equal(decodeValue('utf8', utf8).display, JSON.stringify(text));
    }
    assert.equal(
      decodeValue('utf8', Buffer.from('a\tb')).display,
      '"a\\tb"',
      'controls are escaped',
    );
  });

  test('bits show every byte, most significant bit first', () => {
    for (let i = 0; i < ROUNDS; i++) {
      const bytes = randomBytes(randomInt(1, 6));
      const expected = [...bytes].map((b) => b.toString(2).padStart(8, '0')).join(' ');
      assert.equal(decodeValue('bits', bytes).display, expected);
    }
  });

  test('too-short input gives a message, never an exception', () => {
    for (const id of DECODER_IDS) {
      const size = DECODERS[id].size ?? 1;
      for (let length = 0; length < size; length++) {
        const decoded = decodeValue(id, new Uint8Array(length));
        assert.equal(decoded.ok, false, `${id} with ${length} bytes`);
        assert.equal(decoded.value, null);
        assert.match(decoded.display, /needs \d+ bytes?, \d+ available|no bytes/);
      }
    }
  });
});
