import { useCallback, useMemo, useState } from 'react';
import { useElementSize } from '../layout/use-element-size';
import { clampView, fitView, type MapGrid, type MapView, type Viewport } from './map-view';

export interface MapViewControl {
  view: MapView;
  /** The canvas in device pixels. */
  viewport: Viewport;
  /** Device pixels per CSS pixel. */
  scale: number;
  /** The whole map in view (what a new map and `0` show). */
  fitted: boolean;
  change: (next: (view: MapView) => MapView) => void;
  reset: () => void;
}

interface Held {
  view: MapView;
  /** The map it was set on. */
  layoutKey: string;
}

function shownView(
  held: Held | null,
  grid: MapGrid,
  viewport: Viewport,
  layoutKey: string,
): MapView {
  return !held || held.layoutKey !== layoutKey
    ? fitView(grid, viewport)
    : clampView(held.view, grid, viewport);
}

/**
 * The canvas's zoom and pan. A new map (another range, another cell count) starts fitted, and a
 * fitted view stays fitted as the panel is resized; a zoomed or panned one is kept.
 */
export function useMapView(
  grid: MapGrid,
  stage: HTMLElement | null,
  layoutKey: string,
): MapViewControl {
  const size = useElementSize(stage);
  const scale = window.devicePixelRatio || 1;
  const viewport = useMemo(
    () => ({ width: Math.round(size.width * scale), height: Math.round(size.height * scale) }),
    [size.width, size.height, scale],
  );
  const [held, setHeld] = useState<Held | null>(null);
  const fitted = !held || held.layoutKey !== layoutKey;
  const view = shownView(held, grid, viewport, layoutKey);
  const change = useCallback(
    // From the view as the last change left it: two wheel notches in one frame are two steps.
    (next: (view: MapView) => MapView) =>
      setHeld((old) => ({ view: next(shownView(old, grid, viewport, layoutKey)), layoutKey })),
    [grid, viewport, layoutKey],
  );
  const reset = useCallback(() => setHeld(null), []);
  return { view, viewport, scale, fitted, change, reset };
}
