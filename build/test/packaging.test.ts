import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { listPackage } from '@electron/asar';
// electron-builder's own dependency, the one that flips the fuses when it packages.
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { findElectronBinary } from '../../electron/launcher/electron-binary';

const root = join(__dirname, '..', '..');
const CONFIG = join(root, 'build', 'electron-builder.yml');

/**
 * The fuses every packaged app must have (electronFuses in build/electron-builder.yml says why
 * for each). Asar integrity is off on purpose: Electron checks it only on macOS and Windows.
 */
const EXPECTED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  onlyLoadAppFromAsar: true,
  enableCookieEncryption: true,
  grantFileProtocolExtraPrivileges: false,
  enableEmbeddedAsarIntegrityValidation: false,
  loadBrowserProcessSpecificV8Snapshot: false,
} as const;

/** Where each of them sits in Electron's fuse wire (@electron/fuses numbers them). */
const WIRE_INDEX: Record<keyof typeof EXPECTED_FUSES, FuseV1Options> = {
  runAsNode: FuseV1Options.RunAsNode,
  enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
  enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
  onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
  enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
  grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
  enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
  loadBrowserProcessSpecificV8Snapshot: FuseV1Options.LoadBrowserProcessSpecificV8Snapshot,
};

// A fuse's state byte in the wire: '0' disabled, '1' enabled (docs/tutorial/fuses.md).
const DISABLED = 0x30;
const ENABLED = 0x31;
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** The fuses of a packaged app's executable, by electronFuses name, as @electron/fuses reads them. */
async function readFuses(executable: string): Promise<Record<string, boolean | string>> {
  const wire = (await getCurrentFuseWire(executable)) as unknown as Record<string, number>;
  const fuses: Record<string, boolean | string> = {};
  for (const [name, index] of Object.entries(WIRE_INDEX)) {
    const state = wire[index];
    fuses[name] = state === ENABLED ? true : state === DISABLED ? false : `state ${state}`;
  }
  return fuses;
}

/** Runs electron-builder --linux dir with the given Electron dist; the unpacked app's folder. */
function packageLinuxDir(electronDist: string, output: string): string {
  execFileSync(
    join(root, 'node_modules', '.bin', 'electron-builder'),
    [
      '--config',
      'build/electron-builder.yml',
      '--linux',
      'dir',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${output}`,
    ],
    { cwd: root, stdio: 'pipe' },
  );
  return join(output, 'linux-unpacked');
}

test('electron-builder.yml sets the fuses, and says asar integrity is macOS/Windows only', () => {
  const text = readFileSync(CONFIG, 'utf8');
  // js-yaml is what electron-builder reads its YAML configuration with.
  const yaml = createRequire(require.resolve('app-builder-lib'))('js-yaml') as {
    load(text: string): { electronFuses?: unknown };
  };
  assert.deepEqual(yaml.load(text).electronFuses, EXPECTED_FUSES);
  const comment = /# Asar integrity:[^\n]*(\n\s*#[^\n]*)*/.exec(text)?.[0] ?? '';
  assert.match(comment, /only on macOS/, 'the comment says where Electron checks asar integrity');
  assert.match(comment, /Windows/);
  assert.match(comment, /Linux/, 'and why not on Linux');
});

/**
 * electron-builder --linux dir with a given Electron dist: the layout the packaged app relies on.
 * The dist here is a stand-in (no Electron binary can be downloaded on this machine); what is
 * checked is our configuration: what goes into the asar, what stays outside it, and the fuses
 * electron-builder flips. The stand-in executable carries a fuse wire laid out as Electron's
 * (sentinel, version 1, length, one byte a fuse), each fuse set to the opposite of what we
 * want, so every expected value must have been written by the packaging.
 */
test(
  'electron-builder --linux dir packs the app with koffi outside the asar and flips the fuses',
  { timeout: 240_000 },
  async () => {
    const work = mkdtempSync(join(tmpdir(), 'sectorscope-package-'));
    try {
      const electronDist = join(work, 'electron-dist');
      mkdirSync(electronDist);
      const wire = Buffer.alloc(Object.keys(WIRE_INDEX).length);
      for (const [name, index] of Object.entries(WIRE_INDEX)) {
        wire[index] = EXPECTED_FUSES[name as keyof typeof EXPECTED_FUSES] ? DISABLED : ENABLED;
      }
      const standIn = Buffer.concat([
        Buffer.from(`#!/bin/sh\nexit 0\n# ${FUSE_SENTINEL}`),
        Buffer.from([1, wire.length]),
        wire,
        Buffer.from('\n'),
      ]);
      writeFileSync(join(electronDist, 'electron'), standIn);
      chmodSync(join(electronDist, 'electron'), 0o755);
      writeFileSync(join(electronDist, 'LICENSE'), '');
      writeFileSync(join(electronDist, 'LICENSES.chromium.html'), '');
      assert.notDeepEqual(await readFuses(join(electronDist, 'electron')), EXPECTED_FUSES);
      const app = packageLinuxDir(electronDist, join(work, 'release'));
      assert.ok(existsSync(join(app, 'sectorscope')), 'the executable is named sectorscope');
      assert.deepEqual(await readFuses(join(app, 'sectorscope')), EXPECTED_FUSES);
      assert.ok(
        existsSync(join(app, 'resources', 'sample-disk.img')),
        'the sample disk is a real file',
      );

      const packed = listPackage(join(app, 'resources', 'app.asar'), { isPack: false });
      for (const file of [
        '/package.json',
        '/dist/main.cjs',
        '/dist/preload.cjs',
        '/dist/cli.cjs',
        '/dist/renderer/index.html',
      ]) {
        assert.ok(packed.includes(file), `${file} is in app.asar`);
      }
      assert.ok(!packed.some((file) => file.endsWith('.map')), 'no source maps shipped');
      assert.ok(
        !packed.includes('/dist/sample-disk.img'),
        'the sample disk is not inside the asar',
      );
      assert.ok(
        !packed.some((file) => file.startsWith('/node_modules/koffi/src')),
        'no koffi sources',
      );

      const unpacked = join(app, 'resources', 'app.asar.unpacked', 'node_modules');
      const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
      const native = join(
        unpacked,
        '@koromix',
        `koffi-linux-${arch}`,
        `linux_${arch}`,
        'koffi.node',
      );
      assert.ok(existsSync(native), `koffi's native module is unpacked at ${native}`);
      assert.ok(
        existsSync(join(unpacked, 'koffi', 'index.cjs')),
        'koffi loader is unpacked beside it',
      );
      // Worker threads start from real files, where their require('koffi') finds the above.
      for (const worker of [
        'job-worker.cjs',
        'read-thread.cjs',
        'image-thread.cjs',
        'fs-thread.cjs',
      ]) {
        const file = join(app, 'resources', 'app.asar.unpacked', 'dist', worker);
        assert.ok(existsSync(file), `${worker} is unpacked at ${file}`);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
);

/**
 * The same with Electron's real binary, where there is one (a desktop install, or
 * ELECTRON_OVERRIDE_DIST_PATH): the fuses as the packaged sectorscope executable carries them.
 */
const binary = findElectronBinary(root);
test(
  'a packaged app built from the real Electron binary has the fuses set',
  { skip: 'missing' in binary ? binary.missing : false, timeout: 600_000 },
  async () => {
    if ('missing' in binary) return;
    const work = mkdtempSync(join(tmpdir(), 'sectorscope-package-real-'));
    try {
      const before = await getCurrentFuseWire(binary.path);
      assert.equal(before.version, '1', 'fuse wire version 1');
      const app = packageLinuxDir(dirname(binary.path), join(work, 'release'));
      assert.deepEqual(await readFuses(join(app, 'sectorscope')), EXPECTED_FUSES);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
);

test('the deb declares the evidence-format libraries; the README says how the AppImage gets them', () => {
  const config = readFileSync(CONFIG, 'utf8');
  const depends = /^deb:\n {2}depends:\n((?: {4}.*\n)+)/m.exec(config)?.[1] ?? '';
  const packages = depends
    .split('\n')
    .map((line) => /^ {4}- (\S+)/.exec(line)?.[1])
    .filter(Boolean);
  for (const library of ['libewf2', 'libtsk19']) {
    assert.ok(packages.includes(library), `the deb depends on ${library}: ${packages.join(', ')}`);
    // The package names are real Debian packages, installed here for the tests.
    execFileSync('dpkg-query', ['-W', library], { stdio: 'ignore' });
  }
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  assert.match(readme, /AppImage[^\n]*(\n[^\n]+)*libewf2[^\n]*libtsk19/);
});
