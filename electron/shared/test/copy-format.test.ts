import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatBase64, formatCArray, formatHex } from '../copy-format';

test("Base64 equals Node's encoder for every length mod 3", () => {
  for (let length = 0; length < 50; length++) {
    const bytes = randomBytes(length);
    assert.equal(formatBase64(bytes), bytes.toString('base64'));
  }
});

test('hex equals xxd -p, spaced', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sectorscope-copy-'));
  try {
    const bytes = randomBytes(37);
    writeFileSync(join(dir, 'b'), bytes);
    const xxd = execFileSync('xxd', ['-p', '-c', '1000', join(dir, 'b')])
      .toString()
      .trim();
    assert.equal(formatHex(bytes).replace(/ /g, '').toLowerCase(), xxd);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the C array compiles with gcc and holds the bytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sectorscope-copy-c-'));
  try {
    const bytes = randomBytes(29);
    const source = `#include <stdio.h>\n${formatCArray(bytes)}int main(void){for(unsigned i=0;i<sizeof data;i++)printf("%02x",data[i]);return 0;}\n`;
    writeFileSync(join(dir, 'a.c'), source);
    execFileSync('gcc', ['-Wall', '-Werror', '-o', join(dir, 'a'), join(dir, 'a.c')]);
    assert.equal(execFileSync(join(dir, 'a')).toString(), bytes.toString('hex'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
