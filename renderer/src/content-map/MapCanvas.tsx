import {
  useEffect,
  useLayoutEffect,
  useRef,
  type KeyboardEvent,
  type PointerEvent as ReactPointerEvent,
} from 'react';
import type { MapCellView } from '../../../electron/shared/contract';
import { drawOverlay, type OverlayColours } from './draw-overlay';
import { pictureBlock } from './draw-picture';
import {
  cellAtPoint,
  panBy,
  zoomAt,
  zoomBy,
  type MapGrid,
  type MapView,
  type Viewport,
} from './map-view';
import type { OverlayModel } from './overlay-model';
import type { MapViewControl } from './use-map-view';

interface MapCanvasProps {
  cells: readonly MapCellView[];
  grid: MapGrid;
  control: MapViewControl;
  model: OverlayModel;
  colours: OverlayColours;
  /** The cell under the pointer (-1: none). */
  hover: number;
  onHover: (cell: number) => void;
  /** The cell in the middle of the canvas while it has the focus (-1: none). */
  keyboardCell: number;
  onFocusChange: (focused: boolean) => void;
  /** A click on a cell, or Enter on the keyboard's. */
  onPick: (cell: number) => void;
  label: string;
  describedBy: string;
  stageRef: (element: HTMLDivElement | null) => void;
}

/** Pixels a press may move and still be a click, not a drag. */
const CLICK_SLOP = 4;
/** Wheel travel (pixels) per zoom step: one notch of a mouse wheel. */
const WHEEL_STEP = 100;

/**
 * The map on two canvases: the picture (drawMap's pixels, nothing else) and over it what is
 * marked, which also takes the pointer and the keys. Wheel zooms around the pointer, drag pans,
 * click goes to a cell; + and − zoom, arrows pan, 0 fits, 1 shows the PNG's size, Enter goes to
 * the cell in the middle.
 */
export function MapCanvas(props: MapCanvasProps) {
  const { cells, grid, control, model, colours, hover, keyboardCell } = props;
  const { onHover, onPick, onFocusChange, label, describedBy, stageRef } = props;
  const { view, viewport, scale } = control;
  const picture = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ x: number; y: number; view: MapView; moved: boolean } | null>(null);
  const wheel = useRef({ travel: 0 });

  useLayoutEffect(() => {
    const canvas = picture.current;
    const ctx = sized(canvas, viewport)?.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, viewport.width, viewport.height);
    const block = pictureBlock(cells, grid, view, viewport);
    if (!block) return;
    const pixels = new Uint8ClampedArray(block.pixels.buffer as ArrayBuffer);
    ctx.putImageData(new ImageData(pixels, block.width, block.height), block.x, block.y);
  }, [cells, grid, view, viewport]);

  useLayoutEffect(() => {
    const ctx = sized(overlay.current, viewport)?.getContext('2d');
    if (!ctx) return;
    drawOverlay(
      ctx,
      model,
      grid,
      view,
      viewport,
      colours,
      { hover, keyboard: keyboardCell },
      scale,
    );
  }, [model, grid, view, viewport, colours, hover, keyboardCell, scale]);

  // React's wheel listener is passive: the page would scroll as well as the map zoom.
  const { change } = control;
  useEffect(() => {
    const canvas = overlay.current;
    if (!canvas) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const lines = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? 40 : 1;
      wheel.current.travel += event.deltaY * lines;
      const steps = Math.trunc(wheel.current.travel / WHEEL_STEP);
      if (steps === 0) return;
      wheel.current.travel -= steps * WHEEL_STEP;
      const { x, y } = pointIn(canvas, event, scale);
      change((old) => zoomBy(old, grid, viewport, -steps, x, y));
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, [change, grid, viewport, scale]);

  const onPointerDown = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const { x, y } = pointIn(event.currentTarget, event, scale);
    drag.current = { x, y, view, moved: false };
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const { x, y } = pointIn(event.currentTarget, event, scale);
    const pressed = drag.current;
    if (pressed) {
      const dx = x - pressed.x;
      const dy = y - pressed.y;
      if (!pressed.moved && Math.hypot(dx, dy) < CLICK_SLOP * scale) return;
      pressed.moved = true;
      change(() => panBy(pressed.view, grid, viewport, -dx, -dy));
      return;
    }
    onHover(cellAtPoint(view, grid, x, y));
  };
  const onPointerUp = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const pressed = drag.current;
    drag.current = null;
    if (!pressed || pressed.moved) return;
    const { x, y } = pointIn(event.currentTarget, event, scale);
    const cell = cellAtPoint(view, grid, x, y);
    if (cell >= 0) onPick(cell);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLCanvasElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const centre = [viewport.width / 2, viewport.height / 2] as const;
    const step = Math.max(view.cellPx, Math.round((event.shiftKey ? 0.5 : 0.125) * viewport.width));
    const pan = (dx: number, dy: number) => change((old) => panBy(old, grid, viewport, dx, dy));
    switch (event.key) {
      case '+':
      case '=':
        change((old) => zoomBy(old, grid, viewport, 1, ...centre));
        break;
      case '-':
      case '_':
        change((old) => zoomBy(old, grid, viewport, -1, ...centre));
        break;
      case '0':
        control.reset();
        break;
      case '1':
        change((old) => zoomAt(old, grid, viewport, grid.pngCellPx, ...centre));
        break;
      case 'ArrowLeft':
        pan(-step, 0);
        break;
      case 'ArrowRight':
        pan(step, 0);
        break;
      case 'ArrowUp':
        pan(0, -step);
        break;
      case 'ArrowDown':
        pan(0, step);
        break;
      case 'Enter':
        if (keyboardCell >= 0) onPick(keyboardCell);
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div className="content-map-stage" ref={stageRef}>
      <canvas ref={picture} className="content-map-picture" aria-hidden="true" />
      <canvas
        ref={overlay}
        className="content-map-overlay"
        tabIndex={0}
        role="application"
        aria-roledescription="zoomable map"
        aria-label={label}
        aria-describedby={describedBy}
        data-cell-px={view.cellPx}
        data-origin-x={view.originX}
        data-origin-y={view.originY}
        data-columns={grid.columns}
        data-cells={grid.cellCount}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => (drag.current = null)}
        onPointerLeave={() => onHover(-1)}
        onKeyDown={onKeyDown}
        onFocus={() => onFocusChange(true)}
        onBlur={() => onFocusChange(false)}
      />
    </div>
  );
}

/** The canvas at the viewport's size (a size set anew clears it, so only when it changed). */
function sized(canvas: HTMLCanvasElement | null, viewport: Viewport): HTMLCanvasElement | null {
  if (!canvas) return null;
  if (canvas.width !== viewport.width) canvas.width = viewport.width;
  if (canvas.height !== viewport.height) canvas.height = viewport.height;
  return canvas;
}

/** Where an event is on the canvas, in device pixels. */
function pointIn(
  canvas: HTMLCanvasElement,
  event: { clientX: number; clientY: number },
  scale: number,
): { x: number; y: number } {
  const rect = canvas.getBoundingClientRect();
  return { x: (event.clientX - rect.left) * scale, y: (event.clientY - rect.top) * scale };
}
