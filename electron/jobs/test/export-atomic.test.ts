// Exports are atomic: the file appears under its name only once complete, with NAME.sha256
// beside it that `sha256sum -c` accepts. A process killed with SIGKILL mid-export leaves no file
// under that name (only its hidden temporary, which the next export into the folder removes);
// Ctrl+C (SIGINT, exit 130) leaves nothing at all; a name taken while the export ran is left
// alone. The bundled command line runs as a child process, over a disk with a slow sector.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  attachFaultyDisk,
  canUseFaultyDisk,
  type FaultyDisk,
} from '../../../native-bridge/test/faulty-disk/faulty-disk';
import type { ExportResult } from '../../shared/contract';
import { checksumLine } from '../export-placement';
import { runJobOnPath } from '../run-job-on-path';
import { BUNDLED_CLI, bundledCliMissing, MiB, partialsIn, ROOT } from './export-rigs';
import { coreutilsDigest, ddBytes, tempDir, writeImage } from './job-test-support';

function exportTo(source: string, out: string, count = 64n, overwrite = false) {
  return runJobOnPath(
    source,
    { lba: 0n, count },
    { kind: 'export' },
    { exportTo: { path: out, overwrite } },
  );
}

/** `sha256sum -c NAME.sha256` in the export's folder: its exit status and output. */
function sha256sumCheck(dir: string, name: string) {
  const result = spawnSync('sha256sum', ['-c', `${name}.sha256`], { cwd: dir, encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

/** This process's pid namespace and start time, as its temporaries are named. */
function ownIds(): { namespace: string; start: string } {
  const namespace = /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1] ?? '';
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  return { namespace, start };
}

describe('atomic exports with their checksum file', () => {
  test('a finished export: the file, and NAME.sha256 beside it that sha256sum -c accepts', async (t) => {
    const dir = tempDir(t);
    const image = join(dir, 'evidence.img');
    writeImage(image, 2 * MiB);
    const out = join(dir, 'x.img');
    const result = (await exportTo(image, out, 1000n)).result as ExportResult;
    assert.deepEqual(readFileSync(out), ddBytes(image, 512, 0n, 1000n));
    assert.equal(result.sha256, coreutilsDigest('sha256sum', out));
    assert.equal(readFileSync(`${out}.sha256`, 'utf8'), `${result.sha256}  x.img\n`);
    const check = sha256sumCheck(dir, 'x.img');
    assert.equal(check.status, 0, check.output);
    assert.equal(check.output, 'x.img: OK\n');
    assert.deepEqual(readdirSync(dir).sort(), ['evidence.img', 'x.img', 'x.img.sha256']);
  });

  test('names sha256sum escapes (a backslash, a newline): sha256sum -c still accepts them', async (t) => {
    const dir = tempDir(t);
    const image = join(dir, 'evidence.img');
    writeImage(image, MiB);
    for (const name of ['back\\slash.img', 'new\nline.img', 'spaces  and\ttabs.img']) {
      const result = (await exportTo(image, join(dir, name), 8n)).result as ExportResult;
      assert.equal(
        readFileSync(join(dir, `${name}.sha256`), 'utf8'),
        checksumLine(result.sha256, name),
      );
      const check = sha256sumCheck(dir, name);
      assert.equal(check.status, 0, `${JSON.stringify(name)}: ${check.output}`);
    }
  });

  test('replacing: only with consent, then the file and its checksum are both the new ones', async (t) => {
    const dir = tempDir(t);
    const image = join(dir, 'evidence.img');
    writeImage(image, MiB);
    const out = join(dir, 'x.img');
    writeFileSync(out, 'old file');
    writeFileSync(`${out}.sha256`, 'old checksum');
    await assert.rejects(exportTo(image, out), /x\.img already exists and is left as it is/);
    assert.equal(readFileSync(out, 'utf8'), 'old file');
    await exportTo(image, out, 16n, true);
    assert.deepEqual(readFileSync(out), ddBytes(image, 512, 0n, 16n));
    assert.equal(sha256sumCheck(dir, 'x.img').status, 0);

    // A checksum file alone (its export was deleted) is not replaced without consent either.
    const lone = join(dir, 'lone.img');
    writeFileSync(`${lone}.sha256`, 'keep me');
    await assert.rejects(
      exportTo(image, lone),
      /lone\.img\.sha256 already exists and is left as it is/,
    );
    assert.equal(readFileSync(`${lone}.sha256`, 'utf8'), 'keep me');
    assert.ok(!existsSync(lone));
    assert.deepEqual(partialsIn(dir), []);
  });

  test('the checksum file is checked like the export: no symbolic link, never the evidence', async (t) => {
    const dir = tempDir(t);
    const image = join(dir, 'evidence.img');
    writeImage(image, MiB);
    const before = coreutilsDigest('sha256sum', image);
    const target = join(dir, 'target.txt');
    writeFileSync(target, 'untouched');
    symlinkSync(target, join(dir, 'linked.img.sha256'));
    for (const overwrite of [false, true]) {
      await assert.rejects(
        exportTo(image, join(dir, 'linked.img'), 8n, overwrite),
        /Refusing to export to .*linked\.img\.sha256: it is a symbolic link/,
      );
    }
    assert.equal(readFileSync(target, 'utf8'), 'untouched');
    // An image whose name is another export's checksum file.
    const evidence = join(dir, 'y.img.sha256');
    writeImage(evidence, MiB);
    const evidenceBefore = coreutilsDigest('sha256sum', evidence);
    for (const overwrite of [false, true]) {
      await assert.rejects(
        exportTo(evidence, join(dir, 'y.img'), 8n, overwrite),
        /y\.img\.sha256: it is the disk or image being examined/,
      );
    }
    assert.equal(coreutilsDigest('sha256sum', evidence), evidenceBefore);
    assert.equal(coreutilsDigest('sha256sum', image), before);
    assert.ok(!existsSync(join(dir, 'y.img')) && !existsSync(join(dir, 'linked.img')));
    assert.deepEqual(partialsIn(dir), []);
  });

  test('leftovers of killed exports: removed when their process is gone, kept otherwise', async (t) => {
    const dir = tempDir(t);
    const image = join(dir, 'evidence.img');
    writeImage(image, MiB);
    const own = ownIds();
    // A process that has exited: its pid names no process of that start time any more.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const initStat = readFileSync('/proc/1/stat', 'utf8');
    const initStart = initStat.slice(initStat.lastIndexOf(')') + 2).split(' ')[19];
    const name = (ns: string, pid: number | string, start: string, base = 'old.img') =>
      `.${base}.sectorscope-partial-${ns}-${pid}-${start}-0123abcd`;
    const stale = [name(own.namespace, gone, '12345'), name(own.namespace, gone, '1', 'o.sha256')];
    const kept = [
      // This very process (another export of it may be running).
      name(own.namespace, process.pid, own.start),
      // A running process (pid 1, with its own start time).
      name(own.namespace, 1, initStart ?? '1'),
      // Another pid namespace: its pids cannot be checked from here.
      name('1', gone, '12345'),
      // Not exactly our pattern.
      `.old.img.sectorscope-partial-${own.namespace}-${gone}-12345`,
      'old.img.sectorscope-partial-x',
    ];
    for (const file of [...stale, ...kept]) writeFileSync(join(dir, file), 'partial');
    const folderLike = name(own.namespace, gone, '777');
    mkdirSync(join(dir, folderLike));
    const linkLike = name(own.namespace, gone, '778');
    symlinkSync(image, join(dir, linkLike));

    await exportTo(image, join(dir, 'x.img'), 8n);
    const left = readdirSync(dir);
    for (const file of stale) assert.ok(!left.includes(file), `${file} was removed`);
    for (const file of [...kept, folderLike, linkLike]) {
      assert.ok(left.includes(file), `${file} was kept`);
    }
    assert.equal(statSync(join(dir, linkLike)).size, MiB, 'the link target is untouched');
  });
});

/** Polls until `check` holds (every 20 ms) or `ms` pass; returns whether it held. */
async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  for (const until = performance.now() + ms; performance.now() < until; await sleep(20)) {
    if (check()) return true;
  }
  return check();
}

const DELAY_MS = 4000;

/**
 * A 16 MiB disk whose sector at 8 MiB answers only after DELAY_MS: an export of all of it
 * writes its first 8 MiB, then waits there long enough to be killed or cancelled.
 */
async function slowDisk(t: TestContext): Promise<FaultyDisk> {
  const dir = tempDir(t, 'sectorscope-slow-');
  const backing = join(dir, 'slow.img');
  writeImage(backing, 16 * MiB);
  const disk = await attachFaultyDisk({
    backingImage: backing,
    delay: { ms: DELAY_MS, sectors: [BigInt((8 * MiB) / 512)] },
  });
  t.after(async () => {
    // Let the slow read come back before the device goes away.
    await sleep(DELAY_MS);
    await disk.detach();
  });
  return disk;
}

/** `node dist/cli.cjs export DEVICE --out OUT` as a child process, once its temporary has data. */
async function startCliExport(device: string, dir: string, out: string) {
  const args = [BUNDLED_CLI, 'export', device, '--lba', '0', '--count', String((16 * MiB) / 512)];
  const child = spawn(process.execPath, [...args, '--out', out], { cwd: ROOT });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const writing = await waitFor(() => {
    const [partial] = partialsIn(dir);
    return partial !== undefined && statSync(join(dir, partial)).size > 0;
  }, DELAY_MS - 1000);
  assert.ok(writing, `the export is under way in a temporary (stderr: ${stderr})`);
  return { child, exited, stderr: () => stderr };
}

const cliUnavailable = canUseFaultyDisk() ?? bundledCliMissing();

describe(
  'killed and cancelled exports of the bundled command line',
  { skip: cliUnavailable ?? false },
  () => {
    test('kill -9 mid-export leaves no file under its name; the next export cleans up', async (t) => {
      const disk = await slowDisk(t);
      const dir = tempDir(t);
      const out = join(dir, 'x.img');
      const run = await startCliExport(disk.device, dir, out);
      const [partial] = partialsIn(dir);
      assert.match(partial ?? '', /^\.x\.img\.sectorscope-partial-\d+-\d+-\d+-[0-9a-f]{8}$/);
      const written = statSync(join(dir, partial ?? '')).size;
      run.child.kill('SIGKILL');
      assert.deepEqual(await run.exited, { code: null, signal: 'SIGKILL' });
      t.diagnostic(`killed with ${written} bytes written; left: ${readdirSync(dir).join(', ')}`);
      assert.deepEqual(readdirSync(dir), [partial], 'only the hidden temporary is left');

      // The next export into the folder: x.img and its checksum, the leftover gone.
      const image = join(tempDir(t), 'evidence.img');
      writeImage(image, MiB);
      const again = spawnSync(
        process.execPath,
        [BUNDLED_CLI, 'export', image, '--lba', '0', '--count', '2048', '--out', out],
        { cwd: ROOT, encoding: 'utf8' },
      );
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, new RegExp(`\nChecksum file: ${out}\\.sha256 `));
      assert.deepEqual(readdirSync(dir).sort(), ['x.img', 'x.img.sha256']);
      assert.deepEqual(readFileSync(out), ddBytes(image, 512, 0n, 2048n));
      const check = sha256sumCheck(dir, 'x.img');
      assert.equal(check.status, 0, check.output);
    });

    test('Ctrl+C (SIGINT) mid-export: exit 130, and neither the file nor its checksum', async (t) => {
      const disk = await slowDisk(t);
      const dir = tempDir(t);
      const run = await startCliExport(disk.device, dir, join(dir, 'x.img'));
      run.child.kill('SIGINT');
      const end = await run.exited;
      assert.deepEqual(end, { code: 130, signal: null }, run.stderr());
      assert.match(run.stderr(), /cancelled/);
      assert.deepEqual(readdirSync(dir), [], 'nothing is left, not even the temporary');
    });

    test('a name taken while the export ran is left alone: the export fails, nothing else changes', async (t) => {
      const disk = await slowDisk(t);
      const dir = tempDir(t);
      const out = join(dir, 'x.img');
      const run = await startCliExport(disk.device, dir, out);
      writeFileSync(out, 'taken meanwhile');
      const end = await run.exited;
      assert.equal(end.code, 1, run.stderr());
      assert.match(run.stderr(), /x\.img already exists and is left as it is/);
      assert.equal(readFileSync(out, 'utf8'), 'taken meanwhile');
      assert.deepEqual(readdirSync(dir), ['x.img']);
    });
  },
);
