import { useId, useMemo, useState } from 'react';
import type { PartitionsJson } from '../../../electron/shared/disk';
import { humanBytes } from '../grid/format';
import type { MapMark } from '../structure/map-marks';
import { cellText, classShares, placeText, regionsOf } from './cell-text';
import { MapCanvas } from './MapCanvas';
import { markColourReader } from './mark-colours';
import { MapControls } from './MapControls';
import { MapLegend } from './MapLegend';
import { MapRegions } from './MapRegions';
import { levelName, type ContentMapState, type ContentMapStore, type MapLevel } from './map-store';
import { cellAtPoint, mapGrid, visibleCellSpan, zoomAt, zoomBy } from './map-view';
import { overlayModel } from './overlay-model';
import { useMapView } from './use-map-view';
import './content-map.css';

interface ContentMapPanelProps {
  store: ContentMapStore;
  state: ContentMapState;
  sectorSize: number;
  report: PartitionsJson | null;
  /** Drawn over the map in lanes: search hits, file extents, bookmarks (structure/map-marks). */
  marks: readonly MapMark[];
  /** The sectors the grid shows. */
  viewFirstLba: bigint;
  viewLastLba: bigint;
  onJump: (lba: bigint) => void;
}

const CANVAS_LABEL =
  'Content map. Wheel or + and − zoom, drag or the arrow keys pan, 0 fits the whole map, ' +
  '1 shows it at the size of its PNG, Enter goes to the cell in the middle.';

/** The disk by content: a zoomable picture of its cells, what lies over them, a legend, regions. */
export function ContentMapPanel(props: ContentMapPanelProps) {
  const { store, state, sectorSize, report, onJump } = props;
  const { cells, positions } = state;
  const level = state.levels.at(-1) as MapLevel;
  const parent = state.levels.length > 1 ? (state.levels.at(-2) ?? null) : null;
  const grid = useMemo(() => mapGrid(cells.length), [cells.length]);
  const [stage, setStage] = useState<HTMLDivElement | null>(null);
  const layoutKey = `${level.range?.lba ?? 'disk'}+${level.range?.count ?? ''}/${cells.length}`;
  const control = useMapView(grid, stage, layoutKey);
  const { view, viewport, change } = control;
  const [probe, setProbe] = useState<HTMLSpanElement | null>(null);
  const colours = useMemo(() => ({ markColour: markColourReader(probe) }), [probe]);
  const [hover, setHover] = useState(-1);
  const [focused, setFocused] = useState(false);
  const summaryId = useId();

  const marked = useMemo(
    () =>
      overlayModel({
        positions,
        report,
        marks: props.marks,
        badSectors: state.badSectors,
        view: null,
      }),
    [positions, report, props.marks, state.badSectors],
  );
  const { viewFirstLba, viewLastLba } = props;
  const viewRun = useMemo(
    () => positions.run(viewFirstLba, viewLastLba),
    [positions, viewFirstLba, viewLastLba],
  );
  const model = useMemo(() => ({ ...marked, view: viewRun }), [marked, viewRun]);
  const regions = useMemo(() => regionsOf(cells), [cells]);

  const keyboardCell =
    focused && cells.length > 0
      ? cellAtPoint(view, grid, viewport.width / 2, viewport.height / 2)
      : -1;
  const shownCell = cells[hover >= 0 ? hover : keyboardCell];
  const place = shownCell ? placeText(report, BigInt(shownCell.start)) : null;
  const pick = (index: number) => {
    const cell = cells[index];
    if (cell) onJump(BigInt(cell.start));
  };

  const centre = [viewport.width / 2, viewport.height / 2] as const;
  const span = cells.length > 0 ? visibleCellSpan(view, grid, viewport) : null;
  const first = span ? cells[span.first] : undefined;
  const last = span ? cells[span.last] : undefined;
  // A range zoomed into is worth a map of its own while it is a small part of this map and its
  // cells hold more than one 4 KiB unit each (below that, a map has nothing finer to say).
  const zoomable =
    span && first && last && span.last - span.first + 1 <= grid.cellCount / 4
      ? BigInt(first.end) - BigInt(first.start) + 1n > BigInt(Math.ceil(4096 / sectorSize))
      : false;

  return (
    <section
      className="panel content-map"
      aria-label="Content map"
      data-quick={level.quick?.status ?? 'none'}
      data-full={level.full?.status ?? 'none'}
    >
      <MapControls
        level={level}
        parent={parent}
        onQuick={() => void store.start('quick')}
        onRefine={() => void store.start('full')}
        onCancel={() => store.cancel()}
        onUp={() => store.up()}
      >
        {cells.length > 0 ? (
          <div className="content-map-zoom" role="group" aria-label="Zoom">
            <button
              type="button"
              aria-label="Zoom out"
              onClick={() => change((old) => zoomBy(old, grid, viewport, -1, ...centre))}
            >
              −
            </button>
            <button
              type="button"
              aria-label="Zoom in"
              onClick={() => change((old) => zoomBy(old, grid, viewport, 1, ...centre))}
            >
              +
            </button>
            <button type="button" onClick={control.reset} disabled={control.fitted}>
              Fit
            </button>
            <button
              type="button"
              title="The size of the picture `sectorscope map --png` writes"
              onClick={() =>
                change((old) => zoomAt(old, grid, viewport, grid.pngCellPx, ...centre))
              }
            >
              1:1
            </button>
            {zoomable && first && last ? (
              <button
                type="button"
                onClick={() =>
                  void store.zoomInto({
                    lba: BigInt(first.start),
                    count: BigInt(last.end) - BigInt(first.start) + 1n,
                  })
                }
                title={`A map of its own for LBA ${first.start}–${last.end}`}
              >
                Map this range
              </button>
            ) : null}
          </div>
        ) : null}
      </MapControls>
      {cells.length > 0 ? (
        <>
          <MapCanvas
            cells={cells}
            grid={grid}
            control={control}
            model={model}
            colours={colours}
            hover={hover}
            onHover={setHover}
            keyboardCell={keyboardCell}
            onFocusChange={setFocused}
            onPick={pick}
            label={CANVAS_LABEL}
            describedBy={summaryId}
            stageRef={setStage}
          />
          <p className="content-map-info" data-testid="content-map-info">
            {shownCell
              ? `${cellText(shownCell, sectorSize)}${place ? ` · ${place}` : ''}`
              : 'Point at a cell for its sectors, class and entropy; click to go there.'}
          </p>
        </>
      ) : null}
      <p id={summaryId} className="content-map-summary" data-testid="content-map-summary">
        {summaryText(level, cells, sectorSize)}
        {regions.length > 0 ? ` ${regions.length} regions of one class.` : ''}
      </p>
      {cells.length > 0 ? (
        <>
          <MapLegend lanes={model.lanes} markColour={colours.markColour} />
          <MapRegions regions={regions} sectorSize={sectorSize} onJump={onJump} />
        </>
      ) : null}
      <span className="content-map-probe" ref={setProbe} hidden />
    </section>
  );
}

function summaryText(level: MapLevel, cells: ContentMapState['cells'], sectorSize: number): string {
  if (cells.length === 0) {
    return level.quick
      ? 'Laying the map out…'
      : `A quick map reads 8 samples of 4 KiB in each of 4,096 cells of ${levelName(level)}, ` +
          'drawn as they arrive; Refine then reads every byte.';
  }
  const pass = level.full ?? level.quick;
  const mode = level.full?.status === 'done' ? 'Full map' : 'Quick map';
  const how =
    pass?.status === 'running'
      ? ' (filling in)'
      : pass?.status === 'cancelled'
        ? ' (cancelled before it was complete)'
        : '';
  const first = cells[0];
  const last = cells.at(-1);
  const bytes =
    first && last ? (BigInt(last.end) - BigInt(first.start) + 1n) * BigInt(sectorSize) : 0n;
  const cellSize = humanBytes(bytes / BigInt(cells.length));
  return `${mode}${how} of ${levelName(level)}: ${cells.length} cells of about ${cellSize}; ${classShares(cells)}.`;
}
