import { MAP_LEGEND } from '../../../electron/shared/content-map';
import { markKindName } from './mark-colours';
import type { MarkLane } from './overlay-model';

interface MapLegendProps {
  /** The lanes of marks drawn now, to name with their colours. */
  lanes: readonly MarkLane[];
  markColour: (kind: string) => string;
}

/**
 * The colours (Okabe and Ito's colour-blind-safe set, the PNG's too), with what each means, then
 * what is drawn over the map.
 */
export function MapLegend({ lanes, markColour }: MapLegendProps) {
  const kinds = [...new Set(lanes.filter((lane) => !lane.color).map((lane) => lane.kind))];
  return (
    <div className="content-map-legend">
      <ul aria-label="Map colours">
        {MAP_LEGEND.map((entry) => (
          <li key={entry.key} data-key={entry.key} title={entry.meaning}>
            <Swatch kind={entry.key} colour={entry.colour} />
            {entry.label}
          </li>
        ))}
      </ul>
      <ul aria-label="Drawn over the map">
        <li>
          <span className="content-map-swatch content-map-swatch-view" aria-hidden="true" />
          the grid&apos;s view
        </li>
        <li>
          <span className="content-map-swatch content-map-swatch-partition" aria-hidden="true" />
          partition
        </li>
        <li>
          <span className="content-map-swatch content-map-swatch-gap" aria-hidden="true" />
          unallocated
        </li>
        {kinds.map((kind) => (
          <li key={kind}>
            <span
              className="content-map-swatch content-map-swatch-mark"
              style={{ background: markColour(kind) }}
              aria-hidden="true"
            />
            {markKindName(kind)}
          </li>
        ))}
        {lanes.some((lane) => lane.color) ? (
          <li>
            <span className="content-map-swatch content-map-swatch-own" aria-hidden="true" />
            bookmarks (their colours)
          </li>
        ) : null}
      </ul>
      <details className="content-map-meanings">
        <summary>What the colours mean</summary>
        <dl>
          {MAP_LEGEND.map((entry) => (
            <div key={entry.key}>
              <dt>
                <Swatch kind={entry.key} colour={entry.colour} />
                {entry.label}
              </dt>
              <dd>{entry.meaning}</dd>
            </div>
          ))}
        </dl>
      </details>
    </div>
  );
}

function Swatch({ kind, colour }: { kind: string; colour: string }) {
  // The bad-sector mark is a square in the middle of a cell of another class.
  if (kind === 'bad-sectors') {
    return (
      <span className="content-map-swatch content-map-swatch-bad-sectors" aria-hidden="true">
        <span style={{ background: colour }} />
      </span>
    );
  }
  return (
    <span
      className={`content-map-swatch content-map-swatch-${kind}`}
      style={{ background: colour }}
      aria-hidden="true"
    />
  );
}
