import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { _electron as electron } from 'playwright-core';
import { findElectronBinary } from './support/electron-binary';
import { goTo, waitForPaintedRows } from './support/grid-page';
import { PROJECT_ROOT } from './support/serve-process';

const binary = findElectronBinary();
const SAMPLE = join(PROJECT_ROOT, 'dist', 'sample-disk.img');

test(
  'Electron: the app opens the sample read-only, isolated, and jumps to an LBA',
  { skip: 'missing' in binary ? binary.missing : false },
  async () => {
    if ('missing' in binary) return;
    const args = [PROJECT_ROOT, SAMPLE];
    if (process.getuid?.() === 0) args.unshift('--no-sandbox');
    const app = await electron.launch({ executablePath: binary.path, args });
    try {
      const window = await app.firstWindow();
      await window.getByRole('grid').waitFor();
      // contextIsolation + sandbox: the page sees the bridge, and nothing of Node.
      assert.equal(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require), 'undefined');
      assert.equal(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process), 'undefined');
      assert.deepEqual(
        await window.evaluate(() => Object.keys((window as unknown as { sectorscope: object }).sectorscope).sort()),
        ['call', 'onEvent'],
      );
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const contents = BrowserWindow.getAllWindows()[0]?.webContents;
        // getLastWebPreferences is Electron's way to read back what the window runs with.
        const p = (contents as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
        return { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration };
      });
      assert.deepEqual(prefs, { contextIsolation: true, sandbox: true, nodeIntegration: false });
      await goTo(window, '2048');
      assert.equal((await waitForPaintedRows(window))[0]?.offset, 2048n * 512n);
      assert.match(await window.title(), /sample-disk\.img \(read-only\)/);
      // Navigation and new windows are refused.
      await window.evaluate(() => window.open('https://example.com'));
      assert.equal(app.windows().length, 1);
      mkdirSync(join(PROJECT_ROOT, 'e2e', 'screenshots'), { recursive: true });
      await window.screenshot({ path: join(PROJECT_ROOT, 'e2e', 'screenshots', 'electron-lba-2048.png') });
    } finally {
      await app.close();
    }
  },
);
