// `npm start` (dist/launch.cjs) where Electron cannot run: each case is said in plain words with
// the browser-mode command to use instead, exit status 1 and no stack trace.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const isRoot = process.getuid?.() === 0;

test('npm start without a desktop or without Electron says so and gives the serve command', () => {
  const launch = join(root, 'dist', 'launch.cjs');
  const environment = { ...process.env };
  delete environment.DISPLAY;
  delete environment.WAYLAND_DISPLAY;
  const noDesktop = spawnSync(process.execPath, [launch, '/dev/sdz', '--no-sandbox'], {
    encoding: 'utf8',
    env: environment,
  });
  assert.equal(noDesktop.status, 1);
  assert.match(noDesktop.stderr, /no desktop session here/);
  assert.match(noDesktop.stderr, /npx sectorscope serve \/dev\/sdz$/m);
  assert.doesNotMatch(noDesktop.stderr, /^\s+at /m, 'no stack trace');

  const noElectron = spawnSync(process.execPath, [launch, '--no-sandbox'], {
    encoding: 'utf8',
    env: { ...environment, DISPLAY: ':77', ELECTRON_OVERRIDE_DIST_PATH: join(root, 'no-such-dir') },
  });
  assert.equal(noElectron.status, 1);
  assert.match(
    noElectron.stderr,
    /desktop app cannot start: ELECTRON_OVERRIDE_DIST_PATH is set but/,
  );
  assert.match(noElectron.stderr, /npx sectorscope serve$/m);
  assert.doesNotMatch(noElectron.stderr, /^\s+at /m, 'no stack trace');
});

test(
  'npm start as root without --no-sandbox explains instead of crashing',
  { skip: isRoot ? false : 'only root triggers it' },
  () => {
    // The check comes before Electron starts: an empty file will do as its binary.
    const fakeDist = mkdtempSync(join(tmpdir(), 'sectorscope-electron-'));
    writeFileSync(join(fakeDist, 'electron'), '');
    const env = { ...process.env, DISPLAY: ':77', ELECTRON_OVERRIDE_DIST_PATH: fakeDist };
    const result = spawnSync(process.execPath, [join(root, 'dist', 'launch.cjs'), '/dev/null'], {
      encoding: 'utf8',
      env,
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /cannot start its sandbox as root/);
    assert.match(result.stderr, /npm start -- --no-sandbox/);
    rmSync(fakeDist, { recursive: true });
  },
);
