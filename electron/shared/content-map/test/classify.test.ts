// The class rules on synthetic units whose class follows from the rules as the issue states
// them: the thresholds (95% printable, 7.5 bits per byte over 4 KiB) checked on both sides,
// UTF-8 and UTF-16 against TextDecoder's fatal mode, entropy against the formula.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  histogramEntropy,
  isPrintableCodePoint,
  isUtf16Text,
  isUtf8Text,
  UnitClassifier,
  type ByteClass,
} from '..';

const ENGLISH =
  'It was the best of times, it was the worst of times, it was the age of wisdom, it was ' +
  'the age of foolishness, it was the epoch of belief, it was the epoch of incredulity.\r\n\t';
const GREEK = 'Όλοι οι άνθρωποι γεννιούνται ελεύθεροι και ίσοι στην αξιοπρέπεια. ';
const JAPANESE =
  'すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。';
const CHINESE =
  '人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。';
const EMOJI = '😀 smile 🙂 again 🎉 party ';

/** `text` repeated and cut to `bytes` bytes, in the encoding. */
function unitOf(text: string, encoding: 'latin1' | 'utf8' | 'utf16le' | 'utf16be', bytes = 4096) {
  const encoded =
    encoding === 'utf16be'
      ? Buffer.from(text, 'utf16le').swap16()
      : Buffer.from(text, encoding === 'latin1' ? 'latin1' : encoding);
  const out = Buffer.alloc(bytes);
  for (let at = 0; at < bytes; at += encoded.length) encoded.copy(out, at);
  return out;
}

function classOf(bytes: Uint8Array): ByteClass {
  return new UnitClassifier().classify(bytes);
}

/** Shannon entropy as the textbook writes it: -sum p log2 p. */
function entropyOf(bytes: Uint8Array): number {
  const counts = new Map<number, number>();
  for (const b of bytes) counts.set(b, (counts.get(b) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) h -= (c / bytes.length) * Math.log2(c / bytes.length);
  return h;
}

/** `perValue[v]` copies of each byte value v, in ascending order of value. */
function sortedHistogram(perValue: (v: number) => number): Buffer {
  const bytes: number[] = [];
  for (let v = 0; v < 256; v++) for (let k = 0; k < perValue(v); k++) bytes.push(v);
  return Buffer.from(bytes);
}

describe('zero and fill: every byte the same', () => {
  test('all 0x00 is zero; all 0xFF, all spaces and a single byte are fill', () => {
    const classifier = new UnitClassifier();
    assert.equal(classifier.classify(new Uint8Array(4096)), 'zero');
    assert.equal(classifier.fillByte, 0);
    assert.equal(classifier.classify(Buffer.alloc(4096, 0xff)), 'fill');
    assert.equal(classifier.fillByte, 0xff);
    // Same bytes before any other rule: 4 KiB of spaces is printable, but one byte repeated.
    assert.equal(classifier.classify(Buffer.alloc(4096, 0x20)), 'fill');
    assert.equal(classifier.classify(Buffer.from([0x41])), 'fill');
    assert.equal(classifier.classify(Buffer.alloc(3, 0)), 'zero');
  });

  test('one different byte anywhere, aligned or not, makes it something else', () => {
    for (const at of [0, 1, 2047, 4094, 4095]) {
      const bytes = Buffer.alloc(4096, 0xff);
      bytes[at] = 0xfe;
      assert.equal(classOf(bytes), 'binary', `0xFE at ${at}`);
    }
    // A unit that starts at an odd address in its buffer is read byte by byte: same answer.
    const shifted = Buffer.alloc(4097);
    shifted[4096] = 1;
    assert.equal(new UnitClassifier().classify(shifted, 1, 4097), 'binary');
    assert.equal(new UnitClassifier().classify(shifted, 1, 4096), 'zero');
  });

  test('the histogram of the unit is left for the cell', () => {
    const classifier = new UnitClassifier();
    classifier.classify(Buffer.alloc(100, 7));
    assert.equal(classifier.histogram[7], 100);
    classifier.classify(Buffer.from('aab'));
    assert.equal(classifier.histogram[0x61], 2);
    assert.equal(classifier.histogram[0x62], 1);
    assert.equal(classifier.histogram[7], 0);
    assert.equal(classifier.fillByte, -1);
  });
});

describe('text: 95% printable ASCII, or UTF-8 / UTF-16 text', () => {
  test('English prose with tabs, CR and LF is text', () => {
    assert.equal(classOf(unitOf(ENGLISH, 'latin1')), 'text');
  });

  test('95% printable ASCII is text, one byte fewer is not', () => {
    // Non-printables as 0x0000 code units, so that UTF-16 cannot call the unit text either.
    const withZeros = (zeros: number) => {
      const bytes = unitOf(ENGLISH.replace(/\s/g, '_'), 'latin1');
      for (let k = 0; k < zeros; k++) bytes[(k >> 1) * 40 + (k & 1)] = 0;
      return bytes;
    };
    // 3892 of 4096 printable is 95.02%; 3891 is 94.995%.
    assert.equal(classOf(withZeros(204)), 'text');
    assert.equal(classOf(withZeros(205)), 'binary');
  });

  test('UTF-8 Greek and Japanese are text, cut mid-character at either end too', () => {
    for (const text of [GREEK, JAPANESE, EMOJI]) {
      const unit = unitOf(text, 'utf8', 4096 + 8);
      for (const [start, end] of [
        [0, 4096],
        [1, 4097],
        [2, 4098],
        [3, 4099],
      ] as const) {
        assert.equal(new UnitClassifier().classify(unit, start, end), 'text', `${text} ${start}`);
      }
    }
  });

  test('UTF-8 that a fatal TextDecoder refuses is not text', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const cases: [string, (b: Buffer) => void][] = [
      ['a lead byte without its continuation', (b) => (b[2000] = 0xe3)],
      ['a stray continuation byte', (b) => b.set([0x41, 0x80, 0x41], 2000)],
      ['an overlong NUL', (b) => b.set([0xc0, 0x80], 2000)],
      ['a surrogate encoded', (b) => b.set([0xed, 0xa0, 0x80], 2000)],
      ['past U+10FFFF', (b) => b.set([0xf4, 0x90, 0x80, 0x80], 2000)],
    ];
    for (const [what, spoil] of cases) {
      // Greek in UTF-8 is about half bytes above 0x7F: never 95% printable ASCII.
      const unit = unitOf(GREEK, 'utf8');
      const cut = unit.lastIndexOf(0x20); // end on a whole character for the decoder
      const whole = unit.subarray(0, cut);
      spoil(whole);
      assert.throws(() => decoder.decode(whole), TypeError, what);
      assert.equal(isUtf8Text(whole, 0, whole.length), false, what);
      assert.notEqual(classOf(whole), 'text', what);
    }
  });

  test('UTF-8 of control characters is well-formed but not text', () => {
    const unit = unitOf('\u0001\u0002é\u0085\u0003', 'utf8');
    assert.equal(classOf(unit), 'binary');
  });

  test('UTF-16LE and UTF-16BE text is text, surrogate pairs and cut pairs included', () => {
    for (const encoding of ['utf16le', 'utf16be'] as const) {
      for (const text of [ENGLISH, GREEK, JAPANESE, CHINESE]) {
        assert.equal(classOf(unitOf(text, encoding)), 'text', `${encoding} ${text.slice(0, 9)}`);
      }
      // Emoji are surrogate pairs; starting 2 bytes in starts on the pair's low half, and
      // 4096 bytes of this text end on a high half.
      const unit = unitOf(EMOJI, encoding, 4100);
      const littleEndian = encoding === 'utf16le';
      assert.equal(isUtf16Text(unit, 2, 4098, littleEndian), true, `${encoding} cut pairs`);
      assert.equal(new UnitClassifier().classify(unit, 2, 4098), 'text');
    }
  });

  test('UTF-16 with a lone surrogate, or 5% NUL characters, is not text', () => {
    const lone = unitOf(JAPANESE, 'utf16le');
    lone.writeUInt16LE(0xd800, 2000);
    assert.equal(isUtf16Text(lone, 0, lone.length, true), false);
    const decoder = new TextDecoder('utf-16le', { fatal: true });
    assert.throws(() => decoder.decode(lone));

    // 102 NULs of 2048 characters (4.98%) is text; 103 (5.03%) is not.
    const withNuls = (nuls: number) => {
      const unit = unitOf(JAPANESE, 'utf16le');
      for (let k = 0; k < nuls; k++) unit.writeUInt16LE(0, k * 20);
      return unit;
    };
    assert.equal(classOf(withNuls(102)), 'text');
    assert.equal(classOf(withNuls(103)), 'binary');
  });

  test('printable characters: the definition, at its edges', () => {
    const printable = [0x09, 0x0a, 0x0d, 0x20, 0x7e, 0xa0, 0x3042, 0xd7ff, 0xf900, 0xfffd, 0x1f600];
    const not = [0x00, 0x08, 0x1b, 0x7f, 0x85, 0x9f, 0xd800, 0xe000, 0xf8ff, 0xfdd0, 0xfffe];
    for (const cp of printable) assert.equal(isPrintableCodePoint(cp), true, cp.toString(16));
    for (const cp of [...not, 0x1fffe, 0xf0000, 0x10ffff]) {
      assert.equal(isPrintableCodePoint(cp), false, cp.toString(16));
    }
  });
});

describe('not UTF-16: 8-bit text read in pairs, tables of 16-bit numbers', () => {
  test('words between NULs (a string table) are binary, though they decode as CJK', () => {
    const table = unitOf('alpha\0beta\0gamma\0delta\0epsilon\0zeta\0theta\0kappa\0', 'latin1');
    // 9% NUL: not 95% printable ASCII; as UTF-16LE, well-formed and all printable.
    const decoded = new TextDecoder('utf-16le', { fatal: true }).decode(table);
    assert.ok([...decoded].every((c) => isPrintableCodePoint(c.codePointAt(0) as number)));
    assert.equal(classOf(table), 'binary');
  });

  test('16-bit numbers from 0x0100 to 0x1FFF are binary, though all printable', () => {
    const numbers = Buffer.alloc(4096);
    for (let i = 0; i < 2048; i++) numbers.writeUInt16LE(((i * 37) % 0x1f00) + 0x100, i * 2);
    assert.ok(entropyOf(numbers) < 7.5);
    assert.equal(classOf(numbers), 'binary');
  });
});

describe('random: 7.5 bits per byte or more over at least 4 KiB', () => {
  test('entropy is exact: 8 for all values alike, 1 for two, 0 for one', () => {
    assert.equal(histogramEntropy(new Array(256).fill(16)), 8);
    const two = new Array(256).fill(0);
    two[3] = two[200] = 2048;
    assert.equal(histogramEntropy(two), 1);
    const one = new Array(256).fill(0);
    one[9] = 1e12;
    assert.equal(histogramEntropy(one), 0);
    const bytes = randomBytes(4096);
    const classifier = new UnitClassifier();
    classifier.classify(bytes);
    assert.ok(Math.abs(histogramEntropy(classifier.histogram) - entropyOf(bytes)) < 1e-12);
  });

  test('either side of 7.5 bits, and either side of 4096 bytes', () => {
    // 128 values 28 times and 128 values 4 times: 7.544 bits. 29 and 3 times: 7.449 bits.
    const above = sortedHistogram((v) => (v >= 128 ? 28 : 4));
    const below = sortedHistogram((v) => (v >= 128 ? 29 : 3));
    assert.equal(above.length, 4096);
    assert.equal(below.length, 4096);
    assert.ok(Math.abs(entropyOf(above) - 7.544) < 0.001);
    assert.ok(Math.abs(entropyOf(below) - 7.449) < 0.001);
    assert.equal(classOf(above), 'random');
    assert.equal(classOf(below), 'binary');
    const random = randomBytes(8192);
    assert.equal(classOf(random.subarray(0, 4096)), 'random');
    assert.equal(classOf(random.subarray(0, 8192)), 'random');
    assert.equal(classOf(random.subarray(0, 4095)), 'binary', 'fewer than 4096 bytes');
  });
});

describe('binary: everything else', () => {
  test('little-endian counters and a sparse record table are binary', () => {
    const counters = Buffer.alloc(4096);
    for (let i = 0; i < 1024; i++) counters.writeUInt32LE(i * 7, i * 4);
    assert.equal(classOf(counters), 'binary');
    const records = Buffer.alloc(4096);
    for (let at = 0; at < 4096; at += 64) {
      records.write('FILE0', at, 'latin1');
      records.writeUInt32LE(at * 1000, at + 8);
    }
    assert.equal(classOf(records), 'binary');
  });
});
