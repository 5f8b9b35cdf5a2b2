// The koffi structs of tsk-fs-structs.ts against the installed libtsk header: a C program prints
// offsetof() of every member the app declares, and sizeof(TSK_IMG_INFO); any difference is a
// struct the app would misread.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import koffi from 'koffi';
import { tempDir } from '../../test/support';
import { CHECKED_STRUCTS, IMG_INFO_BYTES } from '../tsk-fs-structs';

const HEADER = '/usr/include/tsk/libtsk.h';

interface TypeInfo {
  size: number;
  members?: Record<string, { offset: number; type: TypeInfo }>;
}

/** [C expression of the member, offset koffi gives], nested structs flattened (nrd.run). */
function memberOffsets(info: TypeInfo, prefix = '', base = 0): [string, number][] {
  return Object.entries(info.members ?? {}).flatMap(([name, member]) => {
    const path = `${prefix}${name}`;
    const offset = base + member.offset;
    const nested = member.type.members ? memberOffsets(member.type, `${path}.`, offset) : [];
    return [[path, offset] as [string, number], ...nested];
  });
}

test('every TSK struct member sits where the installed header puts it', (t) => {
  if (!existsSync(HEADER)) {
    t.skip(`${HEADER} is missing (apt install libtsk-dev): the layout cannot be checked here`);
    return;
  }
  const expected: string[] = [];
  const lines = ['#include <stdio.h>', '#include <stddef.h>', '#include <tsk/libtsk.h>', ''];
  lines.push('int main(void) {');
  for (const [cName, type] of Object.entries(CHECKED_STRUCTS)) {
    const info = koffi.type(type) as unknown as TypeInfo;
    for (const [member, offset] of memberOffsets(info)) {
      lines.push(`  printf("${cName}.${member} %zu\\n", offsetof(${cName}, ${member}));`);
      expected.push(`${cName}.${member} ${offset}`);
    }
  }
  lines.push('  printf("TSK_IMG_INFO %zu\\n", sizeof(TSK_IMG_INFO));', '  return 0;', '}');
  const dir = tempDir(t, 'sectorscope-tsk-layout-');
  const source = join(dir, 'layout.c');
  const program = join(dir, 'layout');
  writeFileSync(source, lines.join('\n'));
  const compiled = spawnSync('gcc', ['-o', program, source], { encoding: 'utf8' });
  assert.equal(compiled.status, 0, compiled.stderr);
  const run = spawnSync(program, { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const printed = run.stdout.trim().split('\n');
  const imgInfo = Number(printed.pop()?.split(' ')[1]);
  assert.deepEqual(printed, expected);
  assert.ok(
    imgInfo <= IMG_INFO_BYTES,
    `TSK_IMG_INFO is ${imgInfo} bytes, more than ${IMG_INFO_BYTES}`,
  );
});
