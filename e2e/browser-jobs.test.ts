import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumMissing } from './support/chromium';
import { waitForPaintedRows, assertStatus } from './support/grid-page';
import { openServedPage, type ServedPage } from './support/served-page';
import { PROJECT_ROOT } from './support/serve-process';

const SCREENSHOTS = join(PROJECT_ROOT, 'e2e', 'screenshots');
const SAMPLE = join(PROJECT_ROOT, 'dist', 'sample-disk.img');
const skipReason = chromiumMissing();

function digestOf(tool: string, path: string): string {
  return execFileSync(tool, [path]).toString().split(' ')[0] ?? '';
}

describe('browser mode: whole-disk jobs', { skip: skipReason ?? false }, () => {
  let served: ServedPage;
  let page: Page;
  let dir: string;
  let sparse: string;
  const SPARSE_SIZE = 2n * 1024n ** 4n;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'sectorscope-jobs-e2e-'));
    sparse = join(dir, 'sparse-2tib.img');
    const fd = openSync(sparse, 'w');
    ftruncateSync(fd, Number(SPARSE_SIZE));
    writeSync(fd, Buffer.from('LATE MARKER'), 0, 11, Number(SPARSE_SIZE - 4096n));
    closeSync(fd);
    served = await openServedPage([SAMPLE, sparse], { height: 900 });
    page = served.page;
  });
  after(async () => {
    await served?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('hash the sample disk: digests equal md5sum, sha1sum and sha256sum', async () => {
    await page.getByRole('button', { name: 'Hash', exact: true }).click();
    const dock = page.getByRole('region', { name: 'Jobs' });
    await dock.getByRole('button', { name: 'Start' }).click();
    const job = dock.locator('[data-job-kind="hash"]').first();
    await job.and(page.locator('[data-job-status="done"]')).waitFor();
    assert.equal(await job.getByRole('progressbar').getAttribute('aria-valuenow'), '100');
    for (const [algorithm, tool] of [
      ['md5', 'md5sum'],
      ['sha1', 'sha1sum'],
      ['sha256', 'sha256sum'],
    ] as const) {
      const shown = await job.locator(`[data-algorithm="${algorithm}"] .digest`).innerText();
      assert.equal(shown, digestOf(tool, SAMPLE), algorithm);
    }
    assert.match(await job.innerText(), /No unreadable sectors/);
    await job.getByLabel('Expected digest').fill(digestOf('sha256sum', SAMPLE).toUpperCase());
    assert.match(await job.getByRole('status').innerText(), /Matches the SHA256 digest/);
    await job.getByLabel('Expected digest').fill('0'.repeat(64));
    assert.match(await job.getByRole('status').innerText(), /Matches none/);
    await page.screenshot({ path: join(SCREENSHOTS, 'jobs-hash-sample.png') });
  });

  test('search the sample for text, open a hit, F3 walks the hits', async () => {
    const dock = page.getByRole('region', { name: 'Jobs' });
    await dock.getByRole('tab', { name: 'Search' }).click();
    await dock.getByLabel('Pattern type').selectOption('text');
    await dock.getByLabel('Search pattern').fill('Sectorscope');
    await dock.getByRole('button', { name: 'Start' }).click();
    const job = dock.locator('[data-job-kind="search"]').first();
    await job.and(page.locator('[data-job-status="done"]')).waitFor();
    const expected = execFileSync('grep', ['-obUaP', 'Sectorscope', SAMPLE])
      .toString()
      .trim()
      .split('\n')
      .map((line) => BigInt(line.split(':')[0] ?? '0'));
    const hits = job.getByRole('list', { name: 'Search hits' }).getByRole('button');
    assert.equal(await hits.count(), expected.length);
    const offsets = await hits.evaluateAll((buttons) =>
      buttons.map((b) => (b as HTMLElement).dataset.offset ?? ''),
    );
    assert.deepEqual(
      offsets.map(BigInt).sort((a, b) => (a < b ? -1 : 1)),
      expected,
    );

    const second = expected[1] ?? 0n;
    await hits.nth(1).click();
    let rows = await waitForPaintedRows(page);
    assert.equal(rows[0]?.offset, second - (second % 16n));
    await assertStatus(
      page,
      'status-cursor',
      new RegExp(`cursor 0x${second.toString(16).toUpperCase()} `),
    );
    await page.keyboard.press('F3');
    const third = expected[2] ?? 0n;
    rows = await waitForPaintedRows(page);
    assert.ok(
      rows.some((row) => row.offset === third - (third % 16n)),
      'the next hit is on screen',
    );
    await assertStatus(
      page,
      'status-cursor',
      new RegExp(`cursor 0x${third.toString(16).toUpperCase()} `),
    );
    await page.keyboard.press('Shift+F3');
    await assertStatus(
      page,
      'status-cursor',
      new RegExp(`cursor 0x${second.toString(16).toUpperCase()} `),
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'jobs-search-hits.png') });
  });

  test('a malformed pattern is refused before anything is read', async () => {
    const dock = page.getByRole('region', { name: 'Jobs' });
    await dock.getByLabel('Pattern type').selectOption('hex');
    await dock.getByLabel('Search pattern').fill('4E 5? ZZ');
    const before = await dock.locator('.job').count();
    await dock.getByRole('button', { name: 'Start' }).click();
    assert.match(await dock.getByRole('alert').innerText(), /hex|byte|pair/i);
    assert.equal(await dock.locator('.job').count(), before, 'no job started');
  });

  test('a search on a 2 TiB sparse image shows progress and stops when cancelled', async () => {
    await page.getByLabel('Disk', { exact: true }).selectOption({ label: sparse });
    await page.getByRole('grid').waitFor();
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const dock = page.getByRole('region', { name: 'Jobs' });
    await dock.getByLabel('Pattern type').selectOption('hex');
    await dock.getByLabel('Search pattern').fill('4C 41 54 45 ?? 4D 41');
    await dock.getByRole('button', { name: 'Start' }).click();
    const job = dock.locator('[data-job-kind="search"]').first();
    const bar = job.getByRole('progressbar');
    const deadline = Date.now() + 15_000;
    let value = 0;
    while (Date.now() < deadline) {
      value = Number(await bar.getAttribute('aria-valuenow'));
      const figures = await job.locator('.job-figures').count();
      if (figures > 0 && value < 100) break;
      await page.waitForTimeout(50);
    }
    assert.ok(value < 100, `still running at ${value}%`);
    assert.match(await job.locator('.job-figures').innerText(), /of 2\.00 TiB · .*\/s · .* left/);
    await page.screenshot({ path: join(SCREENSHOTS, 'jobs-search-progress.png') });
    const cancelled = Date.now();
    await job.getByRole('button', { name: 'Cancel' }).click();
    await job.and(page.locator('[data-job-status="cancelled"]')).waitFor({ timeout: 5000 });
    const elapsed = Date.now() - cancelled;
    assert.ok(elapsed < 1500, `cancelled after ${elapsed} ms`);
  });
});

describe(
  'browser mode: export into the folder given to serve',
  { skip: skipReason ?? false },
  () => {
    let served: ServedPage;
    let page: Page;
    let exportDir: string;

    before(async () => {
      exportDir = mkdtempSync(join(tmpdir(), 'sectorscope-exports-'));
      served = await openServedPage([SAMPLE], {
        serveArgs: ['--export-dir', exportDir],
        height: 900,
      });
      page = served.page;
    });
    after(async () => {
      await served?.close();
      if (exportDir) rmSync(exportDir, { recursive: true, force: true });
    });

    test('an LBA range is written as a new file equal to dd, with its SHA-256 shown', async () => {
      await page.getByRole('button', { name: 'Export', exact: true }).click();
      const dock = page.getByRole('region', { name: 'Jobs' });
      await dock.getByLabel('Range').selectOption('lba');
      await dock.getByLabel('From LBA').fill('2048');
      await dock.getByLabel('Sector count').fill('0x20');
      await dock.getByRole('button', { name: 'Start' }).click();
      const job = dock.locator('[data-job-kind="export"]').first();
      await job.and(page.locator('[data-job-status="done"]')).waitFor();
      const written = join(exportDir, 'sample-disk-lba2048-32.img');
      const dd = execFileSync('dd', [
        `if=${SAMPLE}`,
        'bs=512',
        'skip=2048',
        'count=32',
        'status=none',
      ]);
      assert.ok(execFileSync('cat', [written]).equals(dd), 'the exported bytes equal dd');
      const sha = execFileSync('sha256sum', [written]).toString().split(' ')[0];
      assert.match(await job.innerText(), new RegExp(`SHA-256 ${sha}`));
      assert.match(await job.innerText(), new RegExp(written.replace(/[.]/g, '\\.')));
      await page.screenshot({ path: join(SCREENSHOTS, 'jobs-export.png') });

      // The same range again: the file exists, and it is never overwritten.
      await dock.getByRole('button', { name: 'Start' }).click();
      assert.match(await dock.getByRole('alert').innerText(), /exists/i);
      assert.ok(execFileSync('cat', [written]).equals(dd));
    });
  },
);
