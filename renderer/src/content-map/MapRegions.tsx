import { MAP_PALETTE } from '../../../electron/shared/content-map';
import { regionText, type Region } from './cell-text';

interface MapRegionsProps {
  regions: readonly Region[];
  sectorSize: number;
  onJump: (lba: bigint) => void;
}

/** The most regions listed; the map itself has the rest. */
const MAX_REGIONS = 500;

/** The map as text: each run of cells of one class, a button that goes to its first sector. */
export function MapRegions({ regions, sectorSize, onJump }: MapRegionsProps) {
  const shown = regions.slice(0, MAX_REGIONS);
  return (
    <details className="content-map-regions">
      <summary>
        Regions <span className="panel-sub">{regions.length}</span>
      </summary>
      <ol aria-label="Regions of one class">
        {shown.map((region) => (
          <li key={region.first}>
            <button
              type="button"
              className="content-map-region"
              data-start={region.start.toString()}
              onClick={() => onJump(region.start)}
            >
              <span
                className="content-map-swatch"
                style={{ background: region.class ? MAP_PALETTE[region.class] : undefined }}
                aria-hidden="true"
              />
              {regionText(region, sectorSize)}
            </button>
          </li>
        ))}
      </ol>
      {regions.length > shown.length ? (
        <p className="panel-empty">
          and {regions.length - shown.length} more regions: zoom in on the map to see them.
        </p>
      ) : null}
    </details>
  );
}
