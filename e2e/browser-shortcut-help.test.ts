import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { chordLabel } from '../renderer/src/keyboard/key-labels';
import { SHORTCUTS } from '../renderer/src/keyboard/shortcuts';
import { chromiumMissing } from './support/chromium';
import { waitForPaintedRows } from './support/grid-page';
import { openServedPage, type ServedPage } from './support/served-page';
import { PROJECT_ROOT } from './support/serve-process';

const SCREENSHOTS = join(PROJECT_ROOT, 'e2e', 'screenshots');
const SAMPLE = join(PROJECT_ROOT, 'dist', 'sample-disk.img');
const skipReason = chromiumMissing();

/** Each row of the dialog as "keys — description", in the order shown. */
async function listedRows(dialog: Locator): Promise<string[]> {
  return dialog
    .locator('tr')
    .evaluateAll((rows) =>
      rows.map(
        (row) =>
          `${row.querySelector('th')?.textContent ?? ''} — ${row.querySelector('td')?.textContent ?? ''}`,
      ),
    );
}

/** The id of the focused element, or its tag and text when it has none. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return 'nothing';
    return element.id || `${element.tagName.toLowerCase()}:${element.textContent ?? ''}`;
  });
}

describe('browser mode: the keyboard shortcut list', { skip: skipReason ?? false }, () => {
  let served: ServedPage;
  let page: Page;
  let dialog: Locator;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    served = await openServedPage([SAMPLE], { width: 1280, height: 800 });
    page = served.page;
    dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await waitForPaintedRows(page);
  });
  after(async () => served?.close());

  test('? on the grid opens a modal dialog listing every shortcut of the table', async () => {
    await page.getByRole('grid').focus();
    await page.keyboard.press('?');
    await dialog.waitFor();
    assert.equal(await dialog.getAttribute('aria-modal'), 'true');
    assert.ok(
      await dialog.evaluate((element) => element.contains(document.activeElement)),
      'focus moved into the dialog',
    );
    const expected = SHORTCUTS.map(
      (shortcut) => `${shortcut.keys.map(chordLabel).join(' or ')} — ${shortcut.description}`,
    );
    assert.deepEqual([...(await listedRows(dialog))].sort(), [...expected].sort());
    await page.screenshot({ path: join(SCREENSHOTS, 'shortcut-help.png') });
  });

  test('Esc closes it and focus returns to the grid', async () => {
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await focused(page), 'hex-grid');
  });

  test('F1 opens it too; the close button closes it', async () => {
    await page.keyboard.press('F1');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await focused(page), 'hex-grid');
  });

  test('while it is open, the page behind it takes no keys; closed, Ctrl+F searches', async () => {
    const jobs = page.locator('section[aria-label="Jobs"]');
    await page.keyboard.press('F1');
    await dialog.waitFor();
    await page.keyboard.press('Control+f');
    await page.waitForTimeout(100);
    assert.equal(await jobs.count(), 0, 'Ctrl+F opened the jobs behind the dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.keyboard.press('Control+f');
    await jobs.waitFor();
    await page.getByRole('button', { name: 'Close jobs' }).click();
  });

  test('? typed in the go-to field is text, not a shortcut', async () => {
    await page.keyboard.press('Control+g');
    assert.equal(await focused(page), 'goto-input');
    await page.keyboard.press('?');
    assert.equal(await page.getByLabel('Go to LBA').inputValue(), '?');
    assert.equal(await dialog.count(), 0);
    await page.getByLabel('Go to LBA').fill('');
  });

  test('the toolbar button opens it, and focus returns to the button', async () => {
    const button = page.getByRole('button', { name: 'Keyboard shortcuts' });
    await button.click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await focused(page), 'button:?');
  });
});
