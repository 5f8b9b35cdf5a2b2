import { memo, useMemo, useRef, useState, useLayoutEffect, type MouseEvent } from 'react';
import type { PartitionsJson } from '../../../electron/shared/disk';
import { humanBytes } from '../grid/format';
import { layoutMarks, type MapMark } from './map-marks';
import { lbaAtX, layoutSegments, xOfLba } from './map-segments';
import { volumeMarks } from './volume-marks';
import './volumes.css';

interface DiskMapProps {
  report: PartitionsJson;
  /** LBAs at the top and bottom of the view. */
  viewFirstLba: bigint;
  viewLastLba: bigint;
  onJump: (lba: bigint) => void;
  /** Ranges drawn over the map (search hits, file extents, bookmarks); a click goes to one's start. */
  marks?: readonly MapMark[];
}

const NO_MARKS: readonly MapMark[] = [];

/** The whole disk as one bar: partitions, tables and gaps to scale; the view marked; click to go. */
export const DiskMap = memo(function DiskMap({
  report,
  viewFirstLba,
  viewLastLba,
  onJump,
  marks = NO_MARKS,
}: DiskMapProps) {
  const barRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  useLayoutEffect(() => {
    const bar = barRef.current;
    if (!bar) return;
    const observer = new ResizeObserver(() => setWidth(bar.clientWidth));
    observer.observe(bar);
    setWidth(bar.clientWidth);
    return () => observer.disconnect();
  }, []);

  const segments = layoutSegments(report, width);
  // Volume slack, lost and overflowing file systems are drawn with the marks given.
  const allMarks = useMemo(() => [...marks, ...volumeMarks(report)], [marks, report]);
  const drawnMarks = layoutMarks(allMarks, segments);
  const sectorSize = BigInt(report.sectorSize);
  const viewX = xOfLba(segments, viewFirstLba);
  const viewEndX = Math.max(viewX + 2, xOfLba(segments, viewLastLba));
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    onJump(lbaAtX(segments, event.clientX - rect.left));
  };

  return (
    <div className="disk-map" aria-label="Disk map">
      <div className="disk-map-bar" ref={barRef} onClick={onClick} role="presentation">
        {segments.map((segment) => {
          const sectors = segment.end - segment.start + 1n;
          const title = `${segment.label}\nLBA ${segment.start}–${segment.end} · ${sectors} sectors (${humanBytes(sectors * sectorSize)})`;
          const index = segment.partitionIndex;
          return (
            <div
              key={`${segment.start}`}
              className={`map-seg map-${segment.kind}${index !== null ? ` map-p${index % 6}` : ''}`}
              style={{ left: segment.x, width: segment.width }}
              title={title}
              data-start={segment.start.toString()}
              data-kind={segment.kind}
            >
              {segment.width > 70 ? (
                <span>
                  {index !== null ? `#${index} ` : ''}
                  {segment.label}
                </span>
              ) : null}
            </div>
          );
        })}
        {drawnMarks.map((mark) => (
          <div
            key={`${mark.kind}-${mark.first.start}`}
            className={`${mark.region ? 'map-region' : 'map-mark'} map-mark-${mark.kind}`}
            style={{
              left: mark.x,
              width: mark.width,
              ...(mark.region ? null : { bottom: mark.lane * 7 }),
              ...(mark.color ? { background: mark.color } : null),
            }}
            title={mark.label}
            data-kind={mark.kind}
            data-start={mark.first.start.toString()}
            data-count={mark.count}
            onClick={(event) => {
              event.stopPropagation();
              onJump(mark.first.start);
            }}
          >
            {mark.region && mark.text && mark.width > 60 ? <span>{mark.text}</span> : null}
          </div>
        ))}
        <div
          className="map-view"
          style={{ left: viewX, width: viewEndX - viewX }}
          data-testid="map-view"
        />
      </div>
    </div>
  );
});
