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
      const page = await app.firstWindow();
      await page.getByRole('grid').waitFor();
      // contextIsolation + sandbox: the page sees the bridge, and nothing of Node.
      assert.equal(
        await page.evaluate(() => typeof (globalThis as { require?: unknown }).require),
        'undefined',
      );
      assert.equal(
        await page.evaluate(() => typeof (globalThis as { process?: unknown }).process),
        'undefined',
      );
      assert.deepEqual(
        await page.evaluate(() =>
          Object.keys((globalThis as unknown as { sectorscope: object }).sectorscope).sort(),
        ),
        ['call', 'onEvent'],
      );
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const contents = BrowserWindow.getAllWindows()[0]?.webContents;
        // getLastWebPreferences is Electron's way to read back what the window runs with.
        const p = (
          contents as unknown as { getLastWebPreferences(): Record<string, unknown> }
        ).getLastWebPreferences();
        return {
          contextIsolation: p.contextIsolation,
          sandbox: p.sandbox,
          nodeIntegration: p.nodeIntegration,
        };
      });
      assert.deepEqual(prefs, { contextIsolation: true, sandbox: true, nodeIntegration: false });
      await goTo(page, '2048');
      assert.equal((await waitForPaintedRows(page))[0]?.offset, 2048n * 512n);
      assert.match(await page.title(), /sample-disk\.img \(read-only\)/);
      // Navigation and new windows are refused.
      await page.evaluate(() => globalThis.open('https://example.com'));
      assert.equal(app.windows().length, 1);
      mkdirSync(join(PROJECT_ROOT, 'e2e', 'screenshots'), { recursive: true });
      await page.screenshot({
        path: join(PROJECT_ROOT, 'e2e', 'screenshots', 'electron-lba-2048.png'),
      });
    } finally {
      await app.close();
    }
  },
);

test(
  'Electron: npm start -- PATH --lba N opens the disk at LBA N',
  { skip: 'missing' in binary ? binary.missing : false },
  async () => {
    if ('missing' in binary) return;
    const args = [PROJECT_ROOT, SAMPLE, '--lba', '2048'];
    if (process.getuid?.() === 0) args.unshift('--no-sandbox');
    const app = await electron.launch({ executablePath: binary.path, args });
    try {
      const page = await app.firstWindow();
      assert.equal((await waitForPaintedRows(page))[0]?.offset, 2048n * 512n);
      assert.match(page.url(), /#lba=2048$/);
    } finally {
      await app.close();
    }
  },
);
