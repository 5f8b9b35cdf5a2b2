// The pattern language: what compiles to which bytes (Node's own encoders are the oracle) and
// which input is refused with which advice.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SearchPattern } from '../../shared/contract';
import {
  MAX_PATTERN_BYTES,
  compileSearchPattern,
  matchesAt,
  type CompiledPattern,
} from '../../shared/search-pattern';

function compiled(pattern: SearchPattern): CompiledPattern {
  const result = compileSearchPattern(pattern);
  if (!result.ok) assert.fail(result.message);
  return result.pattern;
}

function refused(pattern: SearchPattern, message: RegExp): void {
  const result = compileSearchPattern(pattern);
  assert.equal(result.ok, false, JSON.stringify(pattern));
  if (!result.ok) assert.match(result.message, message);
}

const matches = (pattern: CompiledPattern, bytes: Uint8Array) => matchesAt(bytes, 0, pattern);

test('hex patterns: spaces optional, any case, ?? matches every byte', () => {
  for (const value of ['4E 54 ?? 53', '4e54??53', ' 4E,54, ??,53 ', '0x4E54??53']) {
    const pattern = compiled({ type: 'hex', value });
    assert.equal(pattern.length, 4, value);
    assert.equal(pattern.description, 'hex 4E 54 ?? 53');
    for (let byte = 0; byte < 256; byte++) {
      assert.ok(matches(pattern, Uint8Array.of(0x4e, 0x54, byte, 0x53)), `${value} ${byte}`);
    }
    assert.ok(!matches(pattern, Uint8Array.of(0x4e, 0x54, 0, 0x54)));
    assert.ok(!matches(pattern, Uint8Array.of(0x4e, 0x54, 0)), 'a match needs all 4 bytes');
  }
});

test('malformed hex is refused with advice', () => {
  refused({ type: 'hex', value: '' }, /empty/);
  refused({ type: 'hex', value: '   ' }, /empty/);
  refused({ type: 'hex', value: '4E 5' }, /odd number.*two/);
  refused({ type: 'hex', value: '4G' }, /"4G" \(byte 1\) is not a hex byte.*0-9 and A-F/);
  refused({ type: 'hex', value: '4E ?4' }, /half-byte wildcards are not supported/);
  refused({ type: 'hex', value: '?? ??' }, /only \?\? wildcards.*at least one byte/);
  refused({ type: 'hex', value: 'AB'.repeat(MAX_PATTERN_BYTES + 1) }, /at most 1024 bytes/);
  assert.ok(compileSearchPattern({ type: 'hex', value: 'AB'.repeat(MAX_PATTERN_BYTES) }).ok);
});

test('text compiles to its UTF-8 bytes, UTF-16LE text to its UTF-16LE bytes', () => {
  for (const value of ['NTFS', 'héllo wörld', '日本語', 'a😀b']) {
    const utf8 = compiled({ type: 'text', value });
    assert.equal(utf8.length, Buffer.byteLength(value, 'utf8'));
    assert.ok(matches(utf8, Buffer.from(value, 'utf8')));
    const utf16 = compiled({ type: 'utf16le', value });
    assert.equal(utf16.length, Buffer.byteLength(value, 'utf16le'));
    assert.ok(matches(utf16, Buffer.from(value, 'utf16le')));
    assert.ok(!matches(utf16, Buffer.from(value, 'utf8')) || value.length === 0);
  }
});

test('ignoring case matches every mix of cases, for ASCII and for other scripts', () => {
  const cases: [string, string[], string[]][] = [
    ['ntfs', ['NTFS', 'ntfs', 'NtFs'], ['NTFT', 'NTF']],
    ['Évé', ['ÉVÉ', 'évé', 'éVÉ'], ['EVE']],
    ['σοφία', ['ΣΟΦΊΑ', 'σοφία'], ['σοφια']],
  ];
  for (const [value, yes, no] of cases) {
    for (const type of ['text', 'utf16le'] as const) {
      const encoding = type === 'text' ? 'utf8' : 'utf16le';
      const pattern = compiled({ type, value, ignoreCase: true });
      for (const text of yes)
        assert.ok(matches(pattern, Buffer.from(text, encoding)), `${type} ${text}`);
      for (const text of no)
        assert.ok(!matches(pattern, Buffer.from(text, encoding)), `${type} ${text}`);
      // Without ignoreCase, another mix of cases is no match.
      const exact = compiled({ type, value });
      const otherCase = yes.find((text) => text !== value) ?? '';
      assert.ok(!matches(exact, Buffer.from(otherCase, encoding)), `${type} exact ${otherCase}`);
    }
  }
});

test('a case variant of another length never makes a match longer or shorter', () => {
  // 'ß' upper-cases to "SS" and the Kelvin sign (3 bytes) lower-cases to 'k' (1 byte).
  const eszett = compiled({ type: 'text', value: 'ß', ignoreCase: true });
  assert.equal(eszett.length, 2);
  assert.ok(!matches(eszett, Buffer.from('SS')));
  const kelvin = compiled({ type: 'text', value: '\u212a', ignoreCase: true });
  assert.equal(kelvin.length, 3);
  assert.ok(matches(kelvin, Buffer.from('\u212a')));
  const k = compiled({ type: 'text', value: 'k', ignoreCase: true });
  assert.ok(matches(k, Buffer.from('K')));
  assert.ok(!matches(k, Buffer.from('\u212a')));
});

test('empty text, broken surrogates and over-long text are refused', () => {
  refused({ type: 'text', value: '' }, /text to search for is empty/);
  refused({ type: 'utf16le', value: '' }, /UTF-16LE text to search for is empty/);
  refused({ type: 'text', value: 'a\uD800b' }, /broken surrogate/);
  refused({ type: 'utf16le', value: 'x'.repeat(513) }, /1026 bytes long; at most 1024/);
  assert.ok(compileSearchPattern({ type: 'utf16le', value: 'x'.repeat(512) }).ok);
});
