// The data inspector's decoders against oracles that share no code with them: values fixed by
// the formats' specifications and worked by hand, and peer tools run on the same bytes (od for
// integers and floats, GNU date for times, xxd for bits, mtools for DOS times, sgdisk and
// mkfs.ext2 for GUIDs, UUIDs and text as real disks store them).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  DECODERS,
  DECODER_IDS,
  decodeValue,
  INSPECTOR_DECODERS,
  type DecoderId,
} from '../inspector/decoders';
import { createSparse, readBytes } from './helpers/images';
import {
  gnuDates,
  isoFromGnuDate,
  odValues,
  significantDigits,
  xxdBits,
} from './helpers/inspector-oracles';
import { sgdiskInfo } from './helpers/oracles';
import { makeTempDir, run } from './helpers/tools';

const ROUNDS = 500;

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const reversed = (data: Uint8Array): Uint8Array => data.slice().reverse();

/** `count` values of `size` bytes: edge patterns first, then random bytes. */
function samples(size: number, count: number, edges: number[][] = []): Uint8Array {
  const all = new Uint8Array(size * (edges.length + count));
  edges.forEach((edge, i) => all.set(edge, i * size));
  all.set(randomBytes(size * count), size * edges.length);
  return all;
}

function eachValue(all: Uint8Array, size: number): Uint8Array[] {
  return Array.from({ length: all.length / size }, (_, i) =>
    all.subarray(i * size, (i + 1) * size),
  );
}

const INTEGERS: [DecoderId, string, 'little' | 'big'][] = [
  ['int8', 'd1', 'little'],
  ['uint8', 'u1', 'little'],
  ['int16le', 'd2', 'little'],
  ['uint16le', 'u2', 'little'],
  ['int16be', 'd2', 'big'],
  ['uint16be', 'u2', 'big'],
  ['int32le', 'd4', 'little'],
  ['uint32le', 'u4', 'little'],
  ['int32be', 'd4', 'big'],
  ['uint32be', 'u4', 'big'],
  ['int64le', 'd8', 'little'],
  ['uint64le', 'u8', 'little'],
  ['int64be', 'd8', 'big'],
  ['uint64be', 'u8', 'big'],
];

const FLOATS: [DecoderId, string, 'little' | 'big'][] = [
  ['float32le', 'f4', 'little'],
  ['float32be', 'f4', 'big'],
  ['float64le', 'f8', 'little'],
  ['float64be', 'f8', 'big'],
];

/** The GPT disk of the GUID and text tests, made once: every sgdisk write takes a second. */
const GPT = {
  diskGuid: '6F1C2B3A-4D5E-4F60-8172-93A4B5C6D7E8',
  uniqueGuid: '0123ABCD-4567-89AB-CDEF-0123456789AB',
  names: ['EFI system', 'Ünïcødé ✓ 😀'],
};
let work: { path: string; remove: () => void } | undefined;
let gptImage: string | undefined;

function workDir(): string {
  work ??= makeTempDir('inspector');
  return work.path;
}

function gptDisk(): string {
  if (gptImage !== undefined) return gptImage;
  const image = join(workDir(), 'gpt.img');
  createSparse(image, 4 * 1024 * 1024);
  run('sgdisk', [
    `--disk-guid=${GPT.diskGuid}`,
    '--new=1:2048:+1024',
    '--typecode=1:C12A7328-F81F-11D2-BA4B-00A0C93EC93B',
    `--partition-guid=1:${GPT.uniqueGuid}`,
    `--change-name=1:${GPT.names[0]}`,
    '--new=2:0:+1024',
    `--change-name=2:${GPT.names[1]}`,
    image,
  ]);
  gptImage = image;
  return image;
}

describe('data inspector decoders', () => {
  after(() => work?.remove());

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

  test('integers: hand-worked values of known bytes', () => {
    // Two's complement and byte order worked by hand: 0x0201 = 513, 0x0102 = 258, ...
    const cases: [DecoderId, Uint8Array, string][] = [
      ['int8', bytes(0x80), '-128'],
      ['uint8', bytes(0x80), '128'],
      ['uint16le', bytes(0x01, 0x02), '513'],
      ['uint16be', bytes(0x01, 0x02), '258'],
      ['int16le', bytes(0x00, 0x80), '-32768'],
      ['int16be', bytes(0x00, 0x80), '128'],
      ['int16be', bytes(0xff, 0xfe), '-2'],
      ['uint32le', bytes(0x78, 0x56, 0x34, 0x12), '305419896'], // 0x12345678
      ['uint32be', bytes(0x78, 0x56, 0x34, 0x12), '2018915346'], // 0x78563412
      ['int32le', bytes(0xff, 0xff, 0xff, 0xff), '-1'],
      ['uint32le', bytes(0xff, 0xff, 0xff, 0xff), '4294967295'],
      ['int32be', bytes(0x80, 0, 0, 0), '-2147483648'],
      ['uint64le', bytes(1, 0, 0, 0, 0, 0, 0, 0), '1'],
      ['uint64be', bytes(1, 0, 0, 0, 0, 0, 0, 0), '72057594037927936'], // 2^56
      ['int64le', bytes(0, 0, 0, 0, 0, 0, 0, 0x80), '-9223372036854775808'], // -2^63
      ['uint64le', bytes(0, 0, 0, 0, 0, 0, 0, 0x80), '9223372036854775808'],
      ['int64be', bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), '-1'],
      ['uint64be', bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), '18446744073709551615'],
    ];
    for (const [id, data, expected] of cases) {
      const decoded = decodeValue(id, data);
      assert.equal(decoded.display, expected, `${id} of ${Buffer.from(data).toString('hex')}`);
      assert.equal(String(decoded.value), expected);
      assert.equal(typeof decoded.value, data.length === 8 ? 'bigint' : 'number', id);
    }
  });

  test('integers of every width and byte order read as od reads them', () => {
    for (const [id, type, endian] of INTEGERS) {
      const size = DECODERS[id].size ?? 0;
      // Zero, all ones, and the sign bit alone at either end, then random values.
      const high = [0x80, ...Array<number>(size - 1).fill(0)];
      const edges = [Array<number>(size).fill(0), Array<number>(size).fill(0xff), high];
      const all = samples(size, ROUNDS, [...edges, [...high].reverse()]);
      const od = odValues(all, type, size, endian);
      eachValue(all, size).forEach((data, i) => {
        const decoded = decodeValue(id, data);
        const label = `${id} of ${Buffer.from(data).toString('hex')}`;
        assert.equal(decoded.display, od[i], label);
        assert.equal(String(decoded.value), od[i], label);
      });
    }
  });

  test('floats: IEEE 754 encodings with known values and shortest texts', () => {
    // binary32 and binary64 encodings, big-endian, from IEEE 754: 0x3F800000 is 1, 0x00000001
    // the smallest subnormal (2^-149, shortest text 1e-45), 0x7F7FFFFF FLT_MAX, 0x3DCCCCCD the
    // float nearest 0.1; 0x400921FB54442D18 the double nearest pi, 0x...01 2^-1074 (5e-324).
    const singles: [Uint8Array, string][] = [
      [bytes(0x3f, 0x80, 0, 0), '1'],
      [bytes(0xc0, 0, 0, 0), '-2'],
      [bytes(0x80, 0, 0, 0), '-0'],
      [bytes(0x7f, 0x80, 0, 0), 'Infinity'],
      [bytes(0xff, 0x80, 0, 0), '-Infinity'],
      [bytes(0x7f, 0xc0, 0, 0), 'NaN'],
      [bytes(0, 0, 0, 1), '1e-45'],
      [bytes(0x7f, 0x7f, 0xff, 0xff), '3.4028235e+38'],
      [bytes(0x3d, 0xcc, 0xcc, 0xcd), '0.1'],
      [bytes(0x4b, 0x80, 0, 0), '16777216'], // 2^24
    ];
    const doubles: [Uint8Array, string][] = [
      [bytes(0x3f, 0xf0, 0, 0, 0, 0, 0, 0), '1'],
      [bytes(0x80, 0, 0, 0, 0, 0, 0, 0), '-0'],
      [bytes(0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18), '3.141592653589793'],
      [bytes(0, 0, 0, 0, 0, 0, 0, 1), '5e-324'],
      [bytes(0x7f, 0xef, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), '1.7976931348623157e+308'],
      [bytes(0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a), '0.1'],
      [bytes(0xff, 0xf0, 0, 0, 0, 0, 0, 0), '-Infinity'],
    ];
    for (const [big, text] of singles) {
      assert.equal(decodeValue('float32be', big).display, text, `float32be ${text}`);
      assert.equal(decodeValue('float32le', reversed(big)).display, text, `float32le ${text}`);
    }
    for (const [big, text] of doubles) {
      assert.equal(decodeValue('float64be', big).display, text, `float64be ${text}`);
      assert.equal(decodeValue('float64le', reversed(big)).display, text, `float64le ${text}`);
    }
    assert.ok(Object.is(decodeValue('float32be', bytes(0x80, 0, 0, 0)).value, -0));
  });

  test('floats read as od reads them, printed as short as od prints them', () => {
    for (const [id, type, endian] of FLOATS) {
      const size = DECODERS[id].size ?? 0;
      const all = samples(size, ROUNDS);
      const od = odValues(all, type, size, endian);
      eachValue(all, size).forEach((data, i) => {
        const decoded = decodeValue(id, data);
        const text = od[i] ?? '';
        const label = `${id} of ${Buffer.from(data).toString('hex')}: od says ${text}`;
        if (/nan/.test(text)) {
          assert.equal(decoded.display, 'NaN', label);
          assert.ok(Number.isNaN(decoded.value), label);
          return;
        }
        if (/inf/.test(text)) {
          assert.equal(decoded.display, text.startsWith('-') ? '-Infinity' : 'Infinity', label);
          return;
        }
        // od's text reads back as exactly this float; for a float32, once rounded to float32.
        const readBack = (shown: string) =>
          size === 4 ? Math.fround(Number(shown)) : Number(shown);
        assert.ok(Object.is(decoded.value, readBack(text)), label);
        // The display reads back as the same float, with no more digits than od needs. (Their
        // digits may differ when two texts of that length are equally near: od rounds the tie
        // to even, e.g. 1049047.25 as 1049047.2.)
        assert.ok(
          Object.is(readBack(decoded.display), decoded.value),
          `${label}, shown as ${decoded.display}`,
        );
        assert.equal(significantDigits(decoded.display), significantDigits(text), label);
      });
    }
  });

  test('FILETIME: known instants and GNU date counting from 1601', () => {
    // FILETIME counts 100 ns from 1601-01-01 UTC (Microsoft's FILETIME documentation);
    // 116444736000000000 = 0x019DB1DED53E8000 is 1970-01-01 (the time_t conversion Microsoft
    // documents), 0x7FFFFFFFFFFFFFFF the largest FileTimeToSystemTime takes.
    const known: [Uint8Array, string][] = [
      [bytes(0, 0, 0, 0, 0, 0, 0, 0), '1601-01-01T00:00:00.0000000Z'],
      [bytes(0x00, 0x80, 0x3e, 0xd5, 0xde, 0xb1, 0x9d, 0x01), '1970-01-01T00:00:00.0000000Z'],
      [bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f), '+030828-09-14T02:48:05.4775807Z'],
    ];
    for (const [data, text] of known) assert.equal(decodeValue('filetime', data).display, text);

    // Random FILETIMEs: od reads the count, date adds its whole seconds to 1601-01-01 itself
    // (no 1970 offset involved), and the last seven digits are the fraction.
    const all = samples(8, ROUNDS, [[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]]);
    const counts = odValues(all, 'u8', 8, 'little');
    const seconds = counts.map((count) => count.padStart(8, '0').slice(0, -7));
    const dates = gnuDates(seconds.map((s) => `1601-01-01 00:00:00 UTC + ${s} seconds`));
    eachValue(all, 8).forEach((data, i) => {
      const count = counts[i] ?? '';
      const expected = `${isoFromGnuDate(dates[i] ?? '')}.${count.padStart(7, '0').slice(-7)}Z`;
      const decoded = decodeValue('filetime', data);
      assert.equal(decoded.display, expected, `FILETIME ${count}`);
      assert.equal(String(decoded.value), count);
    });
    assert.equal(
      decodeValue('filetime', bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)).display,
      '+060056-05-28T05:36:10.9551615Z',
    );
  });

  test('Unix times: known instants and GNU date on the same seconds', () => {
    // Signed seconds from 1970-01-01 UTC (POSIX): 0x7FFFFFFF is the last second of 32-bit
    // time_t (2038-01-19T03:14:07Z), 0x80000000 its first (1901-12-13T20:45:52Z).
    const known: [DecoderId, Uint8Array, string][] = [
      ['unix32', bytes(0, 0, 0, 0), '1970-01-01T00:00:00Z'],
      ['unix32', bytes(0xff, 0xff, 0xff, 0x7f), '2038-01-19T03:14:07Z'],
      ['unix32', bytes(0x00, 0x00, 0x00, 0x80), '1901-12-13T20:45:52Z'],
      ['unix32', bytes(0xff, 0xff, 0xff, 0xff), '1969-12-31T23:59:59Z'],
      ['unix32', bytes(0xd2, 0x02, 0x96, 0x49), '2009-02-13T23:31:30Z'], // 1234567890
      ['unix64', bytes(0xd2, 0x02, 0x96, 0x49, 0, 0, 0, 0), '2009-02-13T23:31:30Z'],
      ['unix64', bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), '1969-12-31T23:59:59Z'],
    ];
    for (const [id, data, text] of known) assert.equal(decodeValue(id, data).display, text, text);

    const all32 = samples(4, ROUNDS);
    const seconds32 = odValues(all32, 'd4', 4, 'little');
    const dates32 = gnuDates(seconds32.map((s) => `@${s}`));
    eachValue(all32, 4).forEach((data, i) => {
      const expected = `${isoFromGnuDate(dates32[i] ?? '')}Z`;
      assert.equal(decodeValue('unix32', data).display, expected, `unix32 ${seconds32[i]}`);
      assert.equal(String(decodeValue('unix32', data).value), seconds32[i]);
    });
    // 64-bit seconds within +-2^55 (years beyond a billion, both ways: past Date's range, inside
    // date's), the top byte a sign extension of the one below.
    const all64 = samples(8, ROUNDS, [[0, 0, 0, 0, 0, 0, 0x80, 0]]);
    for (const data of eachValue(all64, 8)) data[7] = (data[6] ?? 0) & 0x80 ? 0xff : 0;
    const seconds64 = odValues(all64, 'd8', 8, 'little');
    const dates64 = gnuDates(seconds64.map((s) => `@${s}`));
    eachValue(all64, 8).forEach((data, i) => {
      const expected = `${isoFromGnuDate(dates64[i] ?? '')}Z`;
      assert.equal(decodeValue('unix64', data).display, expected, `unix64 ${seconds64[i]}`);
      assert.equal(String(decodeValue('unix64', data).value), seconds64[i]);
    });
  });

  test('DOS dates and times as mtools stores a file time in a FAT directory entry', (t) => {
    const dir = makeTempDir('dos');
    t.after(() => dir.remove());
    const image = join(dir.path, 'fat.img');
    createSparse(image, 4 * 1024 * 1024);
    run('mkfs.fat', ['-F', '12', image]);
    // The DOS epoch, an ordinary time, a leap day, and the last time DOS can store (2107, even
    // seconds: the time word keeps seconds / 2).
    const stamps: [string, string][] = [
      ['S1980', '1980-01-01 00:00:00'],
      ['S2021', '2021-03-04 05:06:08'],
      ['S2024', '2024-02-29 12:34:56'],
      ['S2107', '2107-12-31 23:59:58'],
    ];
    for (const [name, stamp] of stamps) {
      const file = join(dir.path, `${name}.TXT`);
      writeFileSync(file, 'x');
      run('touch', ['-d', stamp, file], { TZ: 'UTC' });
      run('mcopy', ['-m', '-i', image, file, `::${name}.TXT`], { TZ: 'UTC' });
    }
    const volume = readFileSync(image);
    for (const [name, stamp] of stamps) {
      // A directory entry: the 8.3 name at 0, DIR_WrtTime at 22, DIR_WrtDate at 24 (fatgen103).
      const at = volume.indexOf(`${name.padEnd(8)}TXT`, 0, 'latin1');
      assert.ok(at >= 0, `mcopy wrote the directory entry of ${name}`);
      const [date, time] = stamp.split(' ');
      const entryTime = volume.subarray(at + 22, at + 26);
      assert.equal(decodeValue('dosdatetime', entryTime).value, `${date}T${time}`, stamp);
      assert.equal(decodeValue('dostime', entryTime.subarray(0, 2)).display, time, stamp);
      assert.equal(decodeValue('dosdate', entryTime.subarray(2, 4)).display, date, stamp);
    }
  });

  test('DOS dates and times that cannot exist are refused, not invented', () => {
    // Words worked by hand from the FAT layout (date: bits 15-9 year - 1980, 8-5 month, 4-0
    // day; time: 15-11 hours, 10-5 minutes, 4-0 seconds / 2), stored little-endian.
    // 2024-02-29: 44 << 9 | 2 << 5 | 29 = 0x585D.
    assert.equal(decodeValue('dosdate', bytes(0x5d, 0x58)).display, '2024-02-29');
    // 2023-02-29: 43 << 9 | 2 << 5 | 29 = 0x565D; 2023-13-01: 0x5600 | 13 << 5 | 1 = 0x57A1.
    assert.equal(decodeValue('dosdate', bytes(0x5d, 0x56)).ok, false);
    assert.equal(decodeValue('dosdate', bytes(0xa1, 0x57)).ok, false);
    assert.equal(decodeValue('dosdate', bytes(0, 0)).ok, false, 'month 0, day 0');
    // 23:59:58: 23 << 11 | 59 << 5 | 29 = 0xBF7D; 24:00:00: 0xC000; 00:60:00: 60 << 5 = 0x0780;
    // 00:00:60: 30 = 0x001E.
    assert.equal(decodeValue('dostime', bytes(0x7d, 0xbf)).display, '23:59:58');
    assert.equal(decodeValue('dostime', bytes(0x00, 0xc0)).ok, false);
    assert.equal(decodeValue('dostime', bytes(0x80, 0x07)).ok, false);
    assert.equal(decodeValue('dostime', bytes(0x1e, 0x00)).ok, false);
    assert.equal(decodeValue('dosdatetime', bytes(0x00, 0xc0, 0x5d, 0x58)).ok, false);
  });

  test('GUIDs as the UEFI spec and sgdisk give them, UUIDs as mkfs.ext2 was given them', () => {
    const image = gptDisk();
    // The EFI system partition type as the UEFI spec stores it: the first three fields
    // little-endian, the last two as bytes.
    const efiType = bytes(0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11);
    const entry1 = readBytes(image, 1024, 128);
    assert.deepEqual(entry1.subarray(0, 8), efiType, 'sgdisk stored the type as the spec says');
    assert.equal(decodeValue('guid', entry1).display, 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B');
    assert.equal(decodeValue('guid', entry1.subarray(16, 32)).display, GPT.uniqueGuid);
    // The disk GUID at byte 56 of the header (LBA 1).
    assert.equal(decodeValue('guid', readBytes(image, 512 + 56, 16)).display, GPT.diskGuid);
    for (const index of [1, 2]) {
      // Partition 2's GUIDs are random: sgdisk -i is the oracle.
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
    const ext = join(workDir(), 'ext.img');
    createSparse(ext, 2 * 1024 * 1024);
    run('mkfs.ext2', ['-q', '-F', '-U', uuid, ext]);
    // s_uuid at byte 104 of the superblock (byte 1024), stored in RFC 4122 (big-endian) order.
    assert.equal(decodeValue('uuid', readBytes(ext, 1024 + 104, 16)).display, uuid);
  });

  test('text: UTF-8 and UTF-16LE of known code points, and as disks store names', () => {
    // Encodings from the Unicode code charts: U+00DC Ü, U+2713 ✓, U+1F600 😀 (in UTF-16 the
    // surrogate pair D83D DE00).
    const utf8: [Uint8Array, string][] = [
      [bytes(0x41, 0x42), 'AB'],
      [bytes(0xc3, 0x9c), 'Ü'],
      [bytes(0xe2, 0x9c, 0x93), '✓'],
      [bytes(0xf0, 0x9f, 0x98, 0x80), '😀'],
      [bytes(0x41, 0x00, 0x42), 'A'], // stops at NUL
    ];
    const utf16: [Uint8Array, string][] = [
      [bytes(0x41, 0x00, 0x42, 0x00), 'AB'],
      [bytes(0xdc, 0x00), 'Ü'],
      [bytes(0x13, 0x27), '✓'],
      [bytes(0x3d, 0xd8, 0x00, 0xde), '😀'],
      [bytes(0x41, 0x00, 0x00, 0x00, 0x42, 0x00), 'A'], // stops at NUL
    ];
    for (const [data, text] of utf8) {
      assert.equal(decodeValue('utf8', data).value, text);
      assert.equal(decodeValue('utf8', data).display, `"${text}"`);
    }
    for (const [data, text] of utf16) assert.equal(decodeValue('utf16le', data).value, text);
    assert.equal(decodeValue('utf8', bytes(0x61, 0x09, 0x62)).display, '"a\\tb"', 'escaped');

    // GPT partition names are UTF-16LE (72 bytes at byte 56 of an entry), as sgdisk writes them.
    const image = gptDisk();
    GPT.names.forEach((name, i) => {
      const entry = readBytes(image, 1024 + i * 128, 128);
      assert.equal(decodeValue('utf16le', entry.subarray(56, 128)).value, name);
    });
    // An ext2 volume label is UTF-8 (16 bytes at byte 120 of the superblock), as mkfs.ext2 -L
    // stores it.
    const ext = join(workDir(), 'label.img');
    createSparse(ext, 2 * 1024 * 1024);
    const label = 'Ünïcødé ✓';
    run('mkfs.ext2', ['-q', '-F', '-L', label, ext]);
    assert.equal(decodeValue('utf8', readBytes(ext, 1024 + 120, 16)).value, label);
  });

  test('bits: most significant bit first, as xxd -b prints them', () => {
    assert.equal(decodeValue('bits', bytes(0x01)).display, '00000001');
    assert.equal(decodeValue('bits', bytes(0x80)).display, '10000000');
    assert.equal(decodeValue('bits', bytes(0xa5, 0x0f)).display, '10100101 00001111');
    const all = randomBytes(ROUNDS * 3);
    const xxd = xxdBits(all);
    for (let at = 0; at < all.length; at += 3) {
      const expected = xxd.slice(at, at + 3).join(' ');
      assert.equal(decodeValue('bits', all.subarray(at, at + 3)).display, expected);
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
