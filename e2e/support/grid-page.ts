import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

export interface RenderedRow {
  offset: bigint;
  hex: string[];
  top: number;
}

/** Rows of the hex grid that are inside its visible box, top to bottom. */
export async function visibleRows(page: Page): Promise<RenderedRow[]> {
  const rows = await page.evaluate(() => {
    const grid = document.querySelector('[role="grid"]');
    if (!grid) return [];
    const box = grid.getBoundingClientRect();
    return [...grid.querySelectorAll<HTMLElement>('[role="row"]')]
      .map((row) => {
        const rect = row.getBoundingClientRect();
        return {
          offset: row.dataset.offset ?? '',
          hex: [...row.querySelectorAll('[role="gridcell"]')].map((cell) => cell.textContent ?? ''),
          top: rect.top - box.top,
          bottom: rect.bottom - box.top,
          height: box.height,
        };
      })
      .filter((row) => row.top >= -1 && row.bottom <= row.height + 1)
      .sort((a, b) => a.top - b.top);
  });
  return rows.map((row) => ({ offset: BigInt(row.offset), hex: row.hex, top: row.top }));
}

export function hexOf(bytes: Uint8Array): string[] {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0'));
}

/** Waits until every visible row shows real bytes (no loading placeholders). */
export async function waitForPaintedRows(page: Page, timeoutMs = 10_000): Promise<RenderedRow[]> {
  const deadline = Date.now() + timeoutMs;
  await page.locator('[role="grid"][aria-busy="false"]').waitFor({ timeout: timeoutMs });
  for (;;) {
    const rows = await visibleRows(page);
    const painted =
      rows.length > 0 &&
      rows.every((row) => row.hex.every((cell) => /^[0-9A-Fa-f]{2}$/.test(cell)));
    if (painted) return rows;
    if (Date.now() > deadline)
      throw new Error(
        `rows not painted in time: ${JSON.stringify(rows.slice(0, 2), (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`,
      );
    await page.waitForTimeout(25);
  }
}

/** Types into the go-to field and waits until the jump has landed (the grid is not busy). */
export async function goTo(page: Page, text: string): Promise<void> {
  const field = page.getByLabel('Go to LBA');
  await field.fill(text);
  await field.press('Enter');
  await page.locator('[role="grid"][aria-busy="false"]').waitFor();
}

/**
 * Asserts that the status bar item `testId` comes to match `pattern`. The status bar (like the
 * side panels) follows the cursor once the grid's frame is painted, so it is read with a wait.
 */
export async function assertStatus(
  page: Page,
  testId: string,
  pattern: RegExp,
  timeoutMs = 5_000,
): Promise<void> {
  const item = page.getByTestId(testId);
  const deadline = Date.now() + timeoutMs;
  let text = await item.innerText();
  while (!pattern.test(text) && Date.now() < deadline) {
    await page.waitForTimeout(20);
    text = await item.innerText();
  }
  assert.match(text, pattern);
}
