// Draws what lies over the content map on its own canvas (the picture's canvas keeps drawMap's
// pixels alone): partitions outlined, unallocated gaps hatched, marks (search hits, bookmarks,
// file extents, bad sectors) as bars in lanes along the bottom of the cells, the grid's view in
// a white box, and the cell under the pointer or the keyboard's. Lines are white over black so
// that they show on every class's colour.

import type { MapGrid, MapView, Viewport } from './map-view';
import type { CellRun, OverlayModel } from './overlay-model';
import { runOutline, runRects } from './run-shape';

export interface OverlayColours {
  /** The bar colour of a mark kind. */
  markColour: (kind: string) => string;
}

export interface OverlayFocus {
  /** The cell under the pointer, or -1. */
  hover: number;
  /** The cell the keyboard acts on (the one in the middle), or -1. */
  keyboard: number;
}

const LIGHT = '#ffffff';
const DARK = '#000000';
/** The view's box is at least this wide, so that it shows when the view is a sliver of a cell. */
const MIN_VIEW_PX = 11;
const MIN_BAR_PX = 5;

export function drawOverlay(
  ctx: CanvasRenderingContext2D,
  model: OverlayModel,
  grid: MapGrid,
  view: MapView,
  viewport: Viewport,
  colours: OverlayColours,
  focus: OverlayFocus,
  scale: number,
): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, viewport.width, viewport.height);
  ctx.translate(-view.originX, -view.originY);
  const { columns } = grid;
  const px = view.cellPx;

  if (model.gaps.length > 0) {
    ctx.fillStyle = hatch(ctx, scale) ?? 'rgba(255, 255, 255, 0.35)';
    for (const gap of model.gaps) {
      for (const r of runRects(gap, columns, px)) ctx.fillRect(r.x, r.y, r.width, r.height);
    }
  }

  for (const partition of model.partitions) outline(ctx, partition, columns, px, 2 * scale);
  if (px >= 10) {
    ctx.font = `${Math.round(10 * scale)}px system-ui, sans-serif`;
    ctx.textBaseline = 'top';
    for (const partition of model.partitions) {
      const [first] = runRects(partition, columns, px);
      if (first) label(ctx, partition.label, first.x + 2 * scale, first.y + 2 * scale, scale);
    }
  }

  // Each lane: a bar with a black line around it, the first lane at the bottom of the cell;
  // on whole pixels, so that its colour is exact (a test reads it back).
  const bar = Math.max(3, Math.floor(px / 4));
  const minWidth = Math.max(MIN_BAR_PX, Math.round(px / 4));
  model.lanes.forEach((lane, index) => {
    const lift = index * (bar + 2) + 1;
    // The first lane always (over the row above on small cells); others where they fit.
    if (index > 0 && lift + bar + 1 > px) return;
    const colour = lane.color ?? colours.markColour(lane.kind);
    for (const run of widened(lane.runs, minWidth / px)) {
      for (const r of runRects(run, columns, px)) {
        const x = Math.floor(r.x);
        const width = Math.max(1, Math.round(r.x + r.width) - x);
        const y = r.y + r.height - lift - bar;
        // Whole rows between the run's ends get a bar along each row.
        for (let row = 0; row < r.height / px; row++) {
          ctx.fillStyle = DARK;
          ctx.fillRect(x - 1, y - row * px - 1, width + 2, bar + 2);
          ctx.fillStyle = colour;
          ctx.fillRect(x, y - row * px, width, bar);
        }
      }
    }
  });

  if (model.view) drawView(ctx, model.view, columns, px, scale);
  if (focus.keyboard >= 0) cellBox(ctx, focus.keyboard, columns, px, [3 * scale, 2 * scale]);
  if (focus.hover >= 0) cellBox(ctx, focus.hover, columns, px, []);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}

/** Runs at least `min` positions long, those that then touch made one: one bar per pixel. */
function widened(runs: readonly CellRun[], min: number): CellRun[] {
  const out: CellRun[] = [];
  for (const run of runs) {
    const to = Math.max(run.to, run.from + min);
    const last = out.at(-1);
    if (last && run.from <= last.to) last.to = Math.max(last.to, to);
    else out.push({ from: run.from, to });
  }
  return out;
}

function tracePolygons(ctx: CanvasRenderingContext2D, polygons: [number, number][][]): void {
  ctx.beginPath();
  for (const polygon of polygons) {
    polygon.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
    ctx.closePath();
  }
}

/** A white line inside a black one, on the run's edge. */
function outline(
  ctx: CanvasRenderingContext2D,
  run: CellRun,
  columns: number,
  px: number,
  width: number,
): void {
  tracePolygons(ctx, runOutline(run, columns, px));
  ctx.lineJoin = 'miter';
  ctx.strokeStyle = DARK;
  ctx.lineWidth = width + 2;
  ctx.stroke();
  ctx.strokeStyle = LIGHT;
  ctx.lineWidth = width;
  ctx.stroke();
}

function drawView(
  ctx: CanvasRenderingContext2D,
  run: CellRun,
  columns: number,
  px: number,
  scale: number,
): void {
  const rects = runRects(run, columns, px);
  const first = rects[0];
  if (!first) return;
  const small = rects.length === 1 && first.width < MIN_VIEW_PX * scale;
  if (!small) {
    outline(ctx, run, columns, px, 2 * scale);
    return;
  }
  // A sliver: a box around it, and ticks out from the box so that it is found at a glance.
  const side = MIN_VIEW_PX * scale;
  const cx = first.x + first.width / 2;
  const cy = first.y + first.height / 2;
  const half = Math.max(side, first.height) / 2;
  const ticks: [number, number, number, number][] = [
    [cx - half - 6 * scale, cy, cx - half, cy],
    [cx + half, cy, cx + half + 6 * scale, cy],
    [cx, cy - half - 6 * scale, cx, cy - half],
    [cx, cy + half, cx, cy + half + 6 * scale],
  ];
  for (const [colour, width] of [
    [DARK, 4 * scale],
    [LIGHT, 2 * scale],
  ] as const) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.strokeRect(cx - half, cy - half, 2 * half, 2 * half);
    ctx.beginPath();
    for (const [x0, y0, x1, y1] of ticks) {
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1, y1);
    }
    ctx.stroke();
  }
}

function cellBox(
  ctx: CanvasRenderingContext2D,
  index: number,
  columns: number,
  px: number,
  dash: number[],
): void {
  const x = (index % columns) * px;
  const y = Math.floor(index / columns) * px;
  ctx.setLineDash(dash);
  ctx.lineWidth = 1;
  ctx.strokeStyle = DARK;
  ctx.strokeRect(x - 0.5, y - 0.5, px + 1, px + 1);
  ctx.strokeStyle = LIGHT;
  ctx.strokeRect(x + 0.5, y + 0.5, px - 1, px - 1);
  ctx.setLineDash([]);
}

function label(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, scale: number) {
  const width = ctx.measureText(text).width;
  ctx.fillStyle = 'rgba(0, 0, 0, 0.75)';
  ctx.fillRect(x - 2 * scale, y - 1 * scale, width + 4 * scale, 12 * scale);
  ctx.fillStyle = LIGHT;
  ctx.fillText(text, x, y);
}

/** Diagonal white and black lines, see-through between: unallocated space. */
function hatch(ctx: CanvasRenderingContext2D, scale: number): CanvasPattern | null {
  const size = Math.max(8, Math.round(8 * scale));
  const tile = document.createElement('canvas');
  tile.width = size;
  tile.height = size;
  const t = tile.getContext('2d');
  if (!t) return null;
  t.lineWidth = Math.max(1, scale);
  for (const [colour, shift] of [
    ['rgba(0, 0, 0, 0.45)', 1],
    ['rgba(255, 255, 255, 0.65)', 0],
  ] as const) {
    t.strokeStyle = colour;
    t.beginPath();
    for (const offset of [-size, 0, size]) {
      t.moveTo(offset + shift, size);
      t.lineTo(offset + shift + size, 0);
    }
    t.stroke();
  }
  return ctx.createPattern(tile, 'repeat');
}
