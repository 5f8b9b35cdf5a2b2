// The layer table and its lint rule: the table is a ladder (no layer lists one that lists it
// back, directly or around a circle), and ESLint, run as `npm run lint` runs it, reports an
// import that points the wrong way, or a read of evidence outside electron/source/, and lets
// the right ones through.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';
import { LAYERS } from '../lint/layers.mjs';

const root = join(__dirname, '..', '..');

test('every layer lists only known layers, and no circle runs through the table', () => {
  const names = new Set(LAYERS.map((layer) => layer.name));
  for (const layer of LAYERS) {
    for (const name of layer.may) assert.ok(names.has(name), `${layer.name} lists ${name}`);
  }
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean => {
    if (seen.has(from)) return false;
    seen.add(from);
    const layer = LAYERS.find((candidate) => candidate.name === from);
    return (layer?.may ?? []).some((next) => next === to || reaches(next, to, seen));
  };
  for (const layer of LAYERS) assert.ok(!reaches(layer.name, layer.name), `${layer.name} circles`);
});

async function layerErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'layers/only-down')
    .map((message) => message.message);
}

test('a wrong-way import fails lint with the layer and what it may import', async () => {
  const mainToBridge = await layerErrors(
    'electron/main/wrong-way.ts',
    "import { DiskReader } from '../../native-bridge';\nexport const reader = DiskReader;\n",
  );
  assert.deepEqual(mainToBridge, [
    'electron/main/ may not import native-bridge: electron/main/ imports only electron/service/, ' +
      'electron/source/, electron/shared/ and electron/sample/ (layers point down; see ' +
      'build/lint/layers.mjs).',
  ]);
  const sharedToCli = await layerErrors(
    'electron/shared/wrong-way.ts',
    "import type { CommandIo } from '../cli/terminal/job-args';\nexport type Io = CommandIo;\n",
  );
  assert.equal(sharedToCli.length, 1);
  assert.match(sharedToCli[0] ?? '', /^electron\/shared\/ may not import electron\/cli\/terminal/);
  const rendererToService = await layerErrors(
    'renderer/src/wrong-way.ts',
    "export { DiskService } from '../../electron/service/disk-service';\n",
  );
  assert.match(rendererToService[0] ?? '', /renderer\/ imports only electron\/shared\//);
  const jobsRequire = await layerErrors(
    'electron/jobs/test/wrong-way.test.ts',
    "// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const s = require('../../service/disk-service');\n",
  );
  assert.equal(jobsRequire.length, 1, 'a require in a test counts too');
});

test("only the source layer uses the bridge's disk reader", async () => {
  const jobs = await layerErrors(
    'electron/jobs/wrong-way.ts',
    "import { DiskReader, BUFFER_ALIGNMENT } from '../../native-bridge';\nexport const x = [DiskReader, BUFFER_ALIGNMENT];\n",
  );
  assert.deepEqual(jobs, [
    "electron/jobs/ may not use the bridge's disk reader (native-bridge): every read of " +
      'evidence goes through electron/source/ (openSource).',
  ]);
  const buffersOnly = await layerErrors(
    'electron/jobs/right-way.ts',
    "import { BUFFER_ALIGNMENT } from '../../native-bridge';\nexport const x = BUFFER_ALIGNMENT;\n",
  );
  assert.deepEqual(buffersOnly, []);
  const source = await layerErrors(
    'electron/source/right-way.ts',
    "import { DiskReader } from '../../native-bridge';\nexport const x = DiskReader;\n",
  );
  assert.deepEqual(source, []);
});

test('imports down the ladder and within a layer pass', async () => {
  const cases: [string, string][] = [
    ['electron/cli/ok.ts', "export { DiskService } from '../service/disk-service';\n"],
    ['electron/service/ok.ts', "export { openSource } from '../source';\n"],
    ['electron/service/test/ok.test.ts', "export * from '../../jobs/test/job-test-support';\n"],
    ['renderer/src/ok.ts', "export type { DiskApi } from '../../electron/shared/contract';\n"],
    ['electron/sample/ok.ts', "export { TEMPLATES } from '../shared/disk';\n"],
  ];
  for (const [file, code] of cases) assert.deepEqual(await layerErrors(file, code), [], file);
});
