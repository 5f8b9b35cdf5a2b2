// The Content map panel as the e2e tests drive and read it: its canvases' pixels, its zoom and
// pan (the overlay canvas carries them as data attributes), where a cell is on screen, and the
// oracle: `sectorscope map` run on the same image, as JSON and as a PNG.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { decodePng, type DecodedPng } from './png-decode';
import { CLI } from './serve-process';

export interface CliCell {
  start: number;
  end: number;
  class: string;
  /** Null where nothing could be read. */
  entropy: number | null;
  unreadableSectors: number;
  exact: boolean;
}

export interface CliMap {
  cells: CliCell[];
  png: DecodedPng;
}

/** `sectorscope map PATH ARGS --json --png PNG`: the cells and the decoded picture. */
export function cliMap(path: string, png: string, args: string[] = []): CliMap {
  const out = execFileSync(process.execPath, [CLI, 'map', path, ...args, '--json', '--png', png], {
    maxBuffer: 256 * 1024 * 1024,
  });
  const json = JSON.parse(out.toString()) as { cells: CliCell[] };
  return { cells: json.cells, png: decodePng(readFileSync(png)) };
}

export interface MapCanvasState {
  cellPx: number;
  originX: number;
  originY: number;
  columns: number;
  cells: number;
  /** The canvas on the page, CSS pixels. */
  box: { x: number; y: number; width: number; height: number };
  scale: number;
}

export function mapPanel(page: Page): Locator {
  return page.getByRole('region', { name: 'Content map' });
}

export function mapCanvas(page: Page): Locator {
  return mapPanel(page).locator('canvas.content-map-overlay');
}

export async function canvasState(page: Page): Promise<MapCanvasState> {
  const canvas = mapCanvas(page);
  const state = await canvas.evaluate((element) => {
    const data = (element as HTMLElement).dataset;
    const rect = element.getBoundingClientRect();
    return {
      cellPx: Number(data.cellPx),
      originX: Number(data.originX),
      originY: Number(data.originY),
      columns: Number(data.columns),
      cells: Number(data.cells),
      box: { x: rect.x, y: rect.y, width: rect.width, height: rect.height },
      scale: window.devicePixelRatio,
    };
  });
  return state;
}

/** Where the middle of cell `index` is on the page (CSS pixels), and whether it is in view. */
export function cellPoint(
  state: MapCanvasState,
  index: number,
  through = 0.5,
): { x: number; y: number; inView: boolean } {
  const { cellPx, originX, originY, columns, box, scale } = state;
  const x = ((index % columns) * cellPx - originX + through * cellPx) / scale;
  const y = (Math.floor(index / columns) * cellPx - originY + cellPx / 2) / scale;
  const inView = x >= 1 && y >= 1 && x < box.width - 1 && y < box.height - 1;
  return { x: box.x + x, y: box.y + y, inView };
}

/** The cell under a point of the page by the canvas's zoom and pan, or -1. */
export function cellUnder(state: MapCanvasState, x: number, y: number): number {
  const px = Math.floor((x - state.box.x) * state.scale + state.originX);
  const py = Math.floor((y - state.box.y) * state.scale + state.originY);
  if (px < 0 || py < 0 || px >= state.columns * state.cellPx) return -1;
  const index = Math.floor(py / state.cellPx) * state.columns + Math.floor(px / state.cellPx);
  return index < state.cells ? index : -1;
}

export interface CanvasPixels {
  width: number;
  height: number;
  rgba: Buffer;
}

/** The pixels of one of the panel's canvases (`picture` or `overlay`). */
export async function canvasPixels(
  page: Page,
  which: 'picture' | 'overlay',
): Promise<CanvasPixels> {
  const got = await mapPanel(page)
    .locator(`canvas.content-map-${which}`)
    .evaluate((element) => {
      const canvas = element as HTMLCanvasElement;
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2d context');
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let text = '';
      for (let at = 0; at < data.length; at += 0x8000) {
        text += String.fromCharCode(...data.subarray(at, at + 0x8000));
      }
      return { width: canvas.width, height: canvas.height, base64: btoa(text) };
    });
  return { width: got.width, height: got.height, rgba: Buffer.from(got.base64, 'base64') };
}

/**
 * Compares what the picture canvas shows with the PNG at the same cell size: each canvas pixel
 * over the picture equals the PNG's pixel there, the others are transparent. Marks the PNG's
 * pixels it saw in `covered`. Returns the first few differences.
 */
export function comparePicture(
  shown: CanvasPixels,
  state: MapCanvasState,
  png: DecodedPng,
  covered: Uint8Array,
): string[] {
  const differences: string[] = [];
  for (let y = 0; y < shown.height; y++) {
    for (let x = 0; x < shown.width; x++) {
      const px = x + state.originX;
      const py = y + state.originY;
      const at = (y * shown.width + x) * 4;
      const inside = px >= 0 && py >= 0 && px < png.width && py < png.height;
      const from = (py * png.width + px) * 4;
      const expected = inside ? png.rgba.subarray(from, from + 4) : Buffer.alloc(4);
      const actual = shown.rgba.subarray(at, at + 4);
      if (!Buffer.from(actual).equals(Buffer.from(expected)) && differences.length < 5) {
        differences.push(
          `canvas ${x},${y} (picture ${px},${py}): ${[...actual]} != ${[...expected]}`,
        );
      }
      if (inside) covered[py * png.width + px] = 1;
    }
  }
  return differences;
}

/**
 * At the PNG's cell size (key 1), pans over the whole picture (Shift+arrows, row after row of
 * views) and checks every view against the PNG; every pixel of the PNG must have been seen.
 */
export async function assertCanvasShowsPng(page: Page, png: DecodedPng): Promise<number> {
  const canvas = mapCanvas(page);
  await canvas.focus();
  await canvas.press('1');
  await nextFrames(page);
  let state = await canvasState(page);
  assert.equal(state.cellPx * state.columns, png.width, 'the PNG cell size');
  const moveUntilStill = async (key: string) => {
    for (let i = 0; i < 50; i++) {
      const before = await canvasState(page);
      await canvas.press(key);
      await nextFrames(page);
      const after = await canvasState(page);
      if (after.originX === before.originX && after.originY === before.originY) return;
    }
  };
  await moveUntilStill('Shift+ArrowLeft');
  await moveUntilStill('Shift+ArrowUp');
  const covered = new Uint8Array(png.width * png.height);
  let views = 0;
  for (let band = 0; band < 40; band++) {
    for (let step = 0; step < 40; step++) {
      state = await canvasState(page);
      const shown = await canvasPixels(page, 'picture');
      // Its pixels are the screen's: the canvas is not stretched.
      assert.equal(shown.width, Math.round(state.box.width * state.scale), 'canvas width');
      assert.equal(shown.height, Math.round(state.box.height * state.scale), 'canvas height');
      const differences = comparePicture(shown, state, png, covered);
      views++;
      assert.deepEqual(differences, [], `view at ${state.originX},${state.originY}`);
      await canvas.press(band % 2 === 0 ? 'Shift+ArrowRight' : 'Shift+ArrowLeft');
      await nextFrames(page);
      const moved = await canvasState(page);
      if (moved.originX === state.originX) break;
    }
    const before = await canvasState(page);
    await canvas.press('Shift+ArrowDown');
    await nextFrames(page);
    if ((await canvasState(page)).originY === before.originY) break;
  }
  const missed = covered.indexOf(0);
  assert.equal(
    missed,
    -1,
    `PNG pixel ${missed % png.width},${Math.floor(missed / png.width)} never shown`,
  );
  return views;
}

/** The hover text the panel shows for a cell of the CLI's JSON (cellText's first parts). */
export function expectedHover(cell: CliCell): RegExp {
  const entropy =
    cell.entropy === null
      ? 'entropy unknown'
      : `entropy ${cell.entropy.toFixed(2).replace('.', '\\.')} bits/byte`;
  return new RegExp(`^LBA ${cell.start}–${cell.end} \\([^)]+\\) · ${cell.class} · ${entropy}`);
}

/** Moves the pointer onto a cell and returns the hover text. */
export async function hoverCell(page: Page, index: number, through = 0.5): Promise<string> {
  const point = cellPoint(await canvasState(page), index, through);
  assert.ok(point.inView, `cell ${index} is in view`);
  await page.mouse.move(point.x, point.y);
  await nextFrames(page);
  return mapPanel(page).getByTestId('content-map-info').innerText();
}

/** Waits until the page has drawn two more frames (a render after a pointer or key event). */
export async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(null))),
      ),
  );
}

/** No pointer over the map and no focus on it: the overlay shows no hover or keyboard box. */
export async function leaveMap(page: Page): Promise<void> {
  await page.mouse.move(5, 5);
  await mapCanvas(page).evaluate((element) => (element as HTMLElement).blur());
  await nextFrames(page);
}
