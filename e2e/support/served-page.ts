import { closeSync, openSync, readSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { startServe, type ServeProcess } from './serve-process';

export interface ServedPage {
  browser: Browser;
  serve: ServeProcess;
  page: Page;
  close(): Promise<void>;
}

/** `sectorscope serve PATHS` with Debian's Chromium on its URL, ready once `readyRole` shows. */
export async function openServedPage(
  paths: string[],
  options: {
    serveArgs?: string[];
    width?: number;
    height?: number;
    ready?: 'grid' | 'partitions';
    /** Runs before the page loads (page.addInitScript, permissions...). */
    beforeLoad?: (page: Page) => Promise<void>;
  } = {},
): Promise<ServedPage> {
  const serve = await startServe(paths, options.serveArgs);
  const { browser, cleanup } = await launchChromium();
  const page = await browser.newPage({
    viewport: { width: options.width ?? 1400, height: options.height ?? 860 },
  });
  await options.beforeLoad?.(page);
  await page.goto(serve.url);
  if (options.ready === 'partitions')
    await page.getByRole('region', { name: 'Partitions' }).waitFor();
  else await page.getByRole('grid').waitFor();
  return {
    browser,
    serve,
    page,
    close: async () => {
      await page.close();
      await cleanup();
      await serve.stop();
    },
  };
}

/** Bytes of a file or device at an offset, read plainly: the oracle for what the grid shows. */
export function readAt(path: string, offset: bigint | number, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const n = readSync(fd, buffer, 0, length, Number(offset));
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
