import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { listPackage } from '@electron/asar';

const root = join(__dirname, '..', '..');

/**
 * electron-builder --linux dir with a given Electron dist: the layout the packaged app relies on.
 * The dist here is a stand-in (no Electron binary can be downloaded on this machine); what is
 * checked is our configuration: what goes into the asar, what stays outside it.
 */
test(
  'electron-builder --linux dir packs the app with koffi outside the asar',
  { timeout: 240_000 },
  () => {
    const work = mkdtempSync(join(tmpdir(), 'sectorscope-package-'));
    try {
      const electronDist = join(work, 'electron-dist');
      mkdirSync(electronDist);
      writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n');
      chmodSync(join(electronDist, 'electron'), 0o755);
      writeFileSync(join(electronDist, 'LICENSE'), '');
      writeFileSync(join(electronDist, 'LICENSES.chromium.html'), '');
      const output = join(work, 'release');
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
      const app = join(output, 'linux-unpacked');
      assert.ok(existsSync(join(app, 'sectorscope')), 'the executable is named sectorscope');
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
      for (const worker of ['job-worker.cjs', 'read-thread.cjs']) {
        const file = join(app, 'resources', 'app.asar.unpacked', 'dist', worker);
        assert.ok(existsSync(file), `${worker} is unpacked at ${file}`);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
);
