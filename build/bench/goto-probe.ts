// Times one go-to inside the page, so that no Playwright round-trip is part of the figure.
//
// Method: before Enter is pressed, armGotoProbe installs (in the page) a capturing keydown
// listener on the go-to field, a MutationObserver and a requestAnimationFrame loop. The clock
// starts at the Enter keydown event's own timeStamp (performance.now() time base), i.e. when the
// browser received the key, not when Playwright sent it. The MutationObserver notes when the DOM
// first holds the target row (role="row", data-offset = target byte offset) with real hex digits
// in all its cells (role="gridcell"); no layout is forced there. The rAF loop runs at the start of
// each frame, before that frame's style, layout and paint: the first frame in which that row is
// also the first visible row of the grid is the frame that paints it. From that rAF callback a
// MessageChannel message is posted; it is delivered as the next task, after the frame's rendering
// step, so its time is "painted" (the compositor may show it a little later still; headless
// Chromium has no display to wait for). Playwright then only collects the finished figures.
// For a breakdown, the page's WebSocket is watched too (see WIRE_WATCH): when the first request
// left after Enter and when the first answer came back.

import type { Page } from 'playwright-core';

export interface GotoTiming {
  /** Enter keydown to the DOM holding the target row with real bytes, ms. */
  domReadyMs: number;
  /** Enter keydown to the end of the frame that painted it, ms. */
  paintedMs: number;
  /** Enter keydown to the first WebSocket message the page sent, ms; null if none. */
  firstRequestMs: number | null;
  /** Enter keydown to the first WebSocket message the page received after that, ms. */
  firstReplyMs: number | null;
  /** The target row's hex cells as shown. */
  hex: string[];
}

interface ProbeWindow {
  __benchGoto?: Promise<GotoTiming>;
  /** Times (performance.now) of WebSocket traffic since the probe was armed; see WIRE_WATCH. */
  __benchWire?: { sent: number[]; received: number[] };
}

/**
 * Runs in the page before its own scripts: notes the time of every WebSocket message sent (a
 * wrapped send) and received (one more 'message' listener on each socket the app creates, through
 * a subclass that behaves as WebSocket does). A plain string, because it runs before the app's
 * modules and must reference nothing of this file.
 */
const WIRE_WATCH = `
  globalThis.__benchWire = { sent: [], received: [] };
  const NativeWebSocket = globalThis.WebSocket;
  const send = NativeWebSocket.prototype.send;
  NativeWebSocket.prototype.send = function (data) {
    globalThis.__benchWire.sent.push(performance.now());
    return send.call(this, data);
  };
  globalThis.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => globalThis.__benchWire.received.push(performance.now()));
    }
  };
`;

/** Runs in the page (it can use nothing from this module): see the method above. */
function armInPage({ target, timeoutMs }: { target: string; timeoutMs: number }): void {
  const probeWindow = window as unknown as ProbeWindow;
  const field = document.getElementById('goto-input');
  const grid = document.querySelector<HTMLElement>('[role="grid"]');
  if (!field || !grid) throw new Error('the page has no go-to field or no grid');
  const hexByte = /^[0-9A-Fa-f]{2}$/;
  const selector = `[role="row"][data-offset="${target}"]`;
  const cellsOf = (row: Element) =>
    [...row.querySelectorAll('[role="gridcell"]')].map((cell) => cell.textContent ?? '');
  const readyRow = () => {
    const row = grid.querySelector(selector);
    if (!row) return null;
    const hex = cellsOf(row);
    return hex.length > 0 && hex.every((cell) => hexByte.test(cell)) ? row : null;
  };
  const isFirstVisible = (row: Element) => {
    const top = grid.getBoundingClientRect().top;
    const rowTop = row.getBoundingClientRect().top - top;
    if (rowTop < -1) return false;
    return [...grid.querySelectorAll('[role="row"]')].every((other) => {
      const otherTop = other.getBoundingClientRect().top - top;
      return other === row || otherTop < -1 || otherTop >= rowTop;
    });
  };

  probeWindow.__benchGoto = new Promise<GotoTiming>((resolve, reject) => {
    let enterAt: number | null = null;
    let domReadyAt: number | null = null;
    let frameRequest = 0;
    const onKeydown = (event: KeyboardEvent) => {
      if (event.key === 'Enter' && enterAt === null) enterAt = event.timeStamp;
    };
    const observer = new MutationObserver(() => {
      if (enterAt !== null && domReadyAt === null && readyRow()) domReadyAt = performance.now();
    });
    const stop = () => {
      clearTimeout(timer);
      cancelAnimationFrame(frameRequest);
      observer.disconnect();
      field.removeEventListener('keydown', onKeydown, true);
    };
    const timer = setTimeout(() => {
      stop();
      const first = grid.querySelector('[role="row"]');
      reject(
        new Error(
          `row ${target} not painted within ${timeoutMs} ms (Enter seen: ${enterAt !== null}; ` +
            `first rendered row: ${first?.getAttribute('data-offset')} ${first ? cellsOf(first).join(' ') : ''})`,
        ),
      );
    }, timeoutMs);
    const onFrame = () => {
      const row = enterAt === null ? null : readyRow();
      if (!row || !isFirstVisible(row)) {
        frameRequest = requestAnimationFrame(onFrame);
        return;
      }
      const start = enterAt ?? 0;
      const domReady = domReadyAt ?? performance.now();
      const hex = cellsOf(row);
      const wire = probeWindow.__benchWire;
      const firstSent = wire?.sent.find((at) => at >= start);
      const firstReceived = wire?.received.find((at) => at >= (firstSent ?? start));
      stop();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve({
          domReadyMs: domReady - start,
          paintedMs: performance.now() - start,
          firstRequestMs: firstSent === undefined ? null : firstSent - start,
          firstReplyMs: firstReceived === undefined ? null : firstReceived - start,
          hex,
        });
      };
      channel.port2.postMessage(null);
    };
    if (probeWindow.__benchWire) probeWindow.__benchWire = { sent: [], received: [] };
    field.addEventListener('keydown', onKeydown, true);
    observer.observe(grid, { childList: true, subtree: true, characterData: true });
    frameRequest = requestAnimationFrame(onFrame);
  });
}

/**
 * Call before page.goto. Installs WIRE_WATCH, and a no-op `__name`: tsx compiles with esbuild's
 * keepNames, which wraps the page function's inner arrow functions in `__name(...)`, a helper
 * the page does not have.
 */
export async function preparePageForProbe(page: Page): Promise<void> {
  await page.addInitScript({ content: `globalThis.__name = (fn) => fn;\n${WIRE_WATCH}` });
}

/** Goes to `lba` through the go-to field and returns how long until its row was painted. */
export async function timeGoto(
  page: Page,
  lba: bigint,
  offset: bigint,
  timeoutMs = 10_000,
): Promise<GotoTiming> {
  const field = page.getByLabel('Go to LBA');
  await field.fill(lba.toString());
  await page.evaluate(armInPage, { target: offset.toString(), timeoutMs });
  await field.press('Enter');
  const timing = await page.evaluate(() => (window as unknown as ProbeWindow).__benchGoto);
  if (!timing) throw new Error('the go-to probe was not armed in the page');
  return timing;
}
