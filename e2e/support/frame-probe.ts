// Counts, inside the page, the animation frames in which the hex grid's viewport is not whole.
//
// Method: startScrollProbe installs a requestAnimationFrame loop in the page. Each callback runs
// at the start of a frame, before that frame's style, layout and paint, and after the frame's
// scroll events (the browser dispatches them in the same rendering step, before rAF callbacks):
// what the DOM holds then is what the frame will paint (the grid renders rows from no rAF
// callback of its own). For every frame it checks the grid's visible box (its client area): the
// rows (role="row") that intersect it, sorted by their top, must cover it without a gap, their
// data-offset must follow each other by the row width, and no visible cell may be loading
// (data-state="loading"). A frame failing any of these is incomplete. It also notes the frame's
// timestamp, for the intervals between frames. stopScrollProbe collects it. The bench
// (build/bench/browser-scroll.bench.ts) and the e2e tests use the same probe.

import type { Page } from 'playwright-core';

export interface ScrollFrames {
  frames: number;
  /** Frames with a gap in the rows on screen (a missing row) or rows out of order. */
  missing: number;
  /** Frames with a visible cell still loading. */
  loading: number;
  /** Frames with either of the above. */
  incomplete: number;
  /** Time between one frame's rAF callback and the next, ms. */
  intervalsMs: number[];
  /** What the first incomplete frame looked like, to tell why. */
  firstIncomplete: string | null;
}

interface ProbeState {
  running: boolean;
  frames: number;
  missing: number;
  loading: number;
  incomplete: number;
  stamps: number[];
  firstIncomplete: string | null;
  /** performance.now() time of the last pointermove seen, or null. */
  lastPointerMove: number | null;
  /** Per frame: when it started, whether it was whole, and its top row (data-offset / width). */
  tops: { at: number; complete: boolean; row: string | null }[];
}

interface ProbeWindow {
  __scrollProbe?: ProbeState;
}

/** Runs in the page (it can use nothing from this module): see the method above. */
function startInPage(): void {
  const probeWindow = window as unknown as ProbeWindow;
  const grid = document.querySelector<HTMLElement>('[role="grid"]');
  if (!grid) throw new Error('the page has no grid');
  const state: ProbeState = {
    running: true,
    frames: 0,
    missing: 0,
    loading: 0,
    incomplete: 0,
    stamps: [],
    firstIncomplete: null,
    lastPointerMove: null,
    tops: [],
  };
  probeWindow.__scrollProbe = state;
  const onPointerMove = (event: PointerEvent) => {
    if (state.running) state.lastPointerMove = event.timeStamp;
  };
  document.addEventListener('pointermove', onPointerMove, true);

  const inspect = (): { missing: string | null; loading: boolean; row: string | null } => {
    const box = grid.getBoundingClientRect();
    const top = box.top + grid.clientTop;
    const bottom = top + grid.clientHeight;
    const rows = [...grid.querySelectorAll<HTMLElement>('[role="row"]')]
      .map((row) => ({ row, rect: row.getBoundingClientRect() }))
      .filter(({ rect }) => rect.bottom > top + 0.5 && rect.top < bottom - 0.5)
      .sort((a, b) => a.rect.top - b.rect.top);
    const first = rows[0];
    if (!first) return { missing: 'no row on screen', loading: false, row: null };
    const width = BigInt(first.row.querySelectorAll('[role="gridcell"]').length || 1);
    const row = (BigInt(first.row.dataset.offset ?? '0') / width).toString();
    if (first.rect.top > top + 0.5)
      return { missing: `gap above the first row`, loading: false, row };
    let loading = false;
    let previous: { row: HTMLElement; rect: DOMRect } | null = null;
    for (const current of rows) {
      if (current.row.querySelector('[data-state="loading"]')) loading = true;
      if (previous) {
        if (Math.abs(current.rect.top - previous.rect.bottom) > 0.5) {
          return {
            missing: `gap of ${current.rect.top - previous.rect.bottom} px after row ${previous.row.dataset.offset}`,
            loading,
            row,
          };
        }
        const step =
          BigInt(current.row.dataset.offset ?? '0') - BigInt(previous.row.dataset.offset ?? '0');
        if (step !== width) {
          return {
            missing: `row ${current.row.dataset.offset} follows ${previous.row.dataset.offset}`,
            loading,
            row,
          };
        }
      }
      previous = current;
    }
    const last = rows[rows.length - 1];
    if (last && last.rect.bottom < bottom - 0.5) {
      // The end of the disk may leave the bottom empty; nothing scrolled here comes near it.
      return { missing: 'gap below the last row', loading, row };
    }
    return { missing: null, loading, row };
  };

  const onFrame = (stamp: number) => {
    if (!state.running) return document.removeEventListener('pointermove', onPointerMove, true);
    state.frames++;
    state.stamps.push(stamp);
    const { missing, loading, row } = inspect();
    state.tops.push({ at: performance.now(), complete: missing === null && !loading, row });
    if (missing !== null) state.missing++;
    if (loading) state.loading++;
    if (missing !== null || loading) {
      state.incomplete++;
      state.firstIncomplete ??= missing ?? 'a visible cell is loading';
    }
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);
}

/**
 * tsx compiles with esbuild's keepNames, which wraps the page functions' inner functions in
 * `__name(...)`, a helper the page does not have.
 */
async function provideName(page: Page): Promise<void> {
  await page.evaluate('globalThis.__name ??= (fn) => fn');
}

/** Starts counting frames in the page. */
export async function startScrollProbe(page: Page): Promise<void> {
  await provideName(page);
  await page.evaluate(startInPage);
}

/** Stops counting after the next frame and returns the figures. */
export async function stopScrollProbe(page: Page): Promise<ScrollFrames> {
  return page.evaluate(
    () =>
      new Promise<ScrollFrames>((resolve) => {
        requestAnimationFrame(() => {
          const state = (window as unknown as ProbeWindow).__scrollProbe;
          if (!state) throw new Error('the scroll probe was not started');
          state.running = false;
          const intervalsMs = state.stamps
            .slice(1)
            .map((stamp, i) => stamp - (state.stamps[i] ?? stamp));
          resolve({
            frames: state.frames,
            missing: state.missing,
            loading: state.loading,
            incomplete: state.incomplete,
            intervalsMs,
            firstIncomplete: state.firstIncomplete,
          });
        });
      }),
  );
}

/** Runs in the page: see settleAfterDrag. */
function settleInPage(timeoutMs: number): Promise<number> {
  const state = (window as unknown as ProbeWindow).__scrollProbe;
  const bar = document.querySelector<HTMLElement>('[role="scrollbar"][data-top-row]');
  if (!state || state.lastPointerMove === null || !bar) {
    throw new Error('start the scroll probe and drag the scrollbar first');
  }
  const movedAt = state.lastPointerMove;
  const target = bar.dataset.topRow ?? '';
  return new Promise((resolve, reject) => {
    const deadline = performance.now() + timeoutMs;
    const check = () => {
      const frame = state.tops.find(
        (top) => top.at >= movedAt && top.complete && top.row === target,
      );
      if (frame) return resolve(frame.at - movedAt);
      if (performance.now() > deadline) {
        return reject(new Error(`the grid did not settle on row ${target}`));
      }
      setTimeout(check, 20);
    };
    check();
  });
}

/**
 * After a drag of the position scrollbar (with the probe running): ms from the last pointermove
 * to the start of the first frame whose top row is the scrollbar's row, whole and loaded.
 */
export async function settleAfterDrag(page: Page, timeoutMs = 10_000): Promise<number> {
  return page.evaluate(settleInPage, timeoutMs);
}
