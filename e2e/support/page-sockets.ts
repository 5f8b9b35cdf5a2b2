import type { Page } from 'playwright-core';

/**
 * Keeps every WebSocket the page opens in `window.__sockets`, so that a test can drop the
 * connection as a network would (call before the page loads).
 */
export async function keepPageSockets(page: Page): Promise<void> {
  await page.addInitScript({
    content: `
      globalThis.__sockets = [];
      const NativeWebSocket = globalThis.WebSocket;
      globalThis.WebSocket = class extends NativeWebSocket {
        constructor(...args) {
          super(...args);
          globalThis.__sockets.push(this);
        }
      };
    `,
  });
}

/** How many WebSockets the page has opened. */
export function socketCount(page: Page): Promise<number> {
  return page.evaluate('globalThis.__sockets.length') as Promise<number>;
}

/** Closes the page's newest WebSocket from its end, as a dropped connection would. */
export async function dropSocket(page: Page): Promise<void> {
  await page.evaluate('globalThis.__sockets.at(-1).close()');
}
