import { memo } from 'react';
import type { PartitionsJson } from '../../../electron/shared/disk';
import { humanBytes } from '../grid/format';
import { gapText, navigatorHeading } from './nav-volumes';

interface PartitionNavigatorProps {
  report: PartitionsJson;
  currentLba: bigint;
  onJump: (lba: bigint) => void;
}

type Item =
  | {
      kind: 'partition';
      start: number;
      end: number;
      size: number;
      partition: PartitionsJson['partitions'][number];
    }
  | { kind: 'gap'; start: number; end: number; size: number; title?: string; note?: string };

/** Partitions and unallocated gaps in disk order; a click lands on the first sector. */
export const PartitionNavigator = memo(function PartitionNavigator({
  report,
  currentLba,
  onJump,
}: PartitionNavigatorProps) {
  const sectorSize = BigInt(report.sectorSize);
  const items: Item[] = [
    ...report.partitions.map((partition) => ({
      kind: 'partition' as const,
      start: partition.start,
      end: partition.end,
      size: partition.size,
      partition,
    })),
    ...report.gaps.map((gap) => ({ kind: 'gap' as const, ...gap, ...gapText(report, gap) })),
  ].sort(
    (a, b) =>
      a.start - b.start ||
      (a.kind === 'partition' && b.kind === 'partition' && a.partition.kind === 'extended'
        ? -1
        : 0),
  );

  return (
    <section className="panel navigator" aria-label="Partitions">
      <h2>
        {navigatorHeading(report)}
        <span className="panel-sub">{report.sectorSize}-byte sectors</span>
      </h2>
      <ul>
        {items.map((item) => {
          const here = currentLba >= BigInt(item.start) && currentLba <= BigInt(item.end);
          const bytes = humanBytes(BigInt(item.size) * sectorSize);
          if (item.kind === 'gap') {
            return (
              <li key={`gap-${item.start}`}>
                <button
                  type="button"
                  className={`nav-item nav-gap${here ? ' here' : ''}`}
                  onClick={() => onJump(BigInt(item.start))}
                >
                  <span className="nav-title">{item.title ?? 'Unallocated'}</span>
                  <span className="nav-range">
                    LBA {item.start}–{item.end}
                  </span>
                  <span className="nav-size">
                    {item.size} sectors · {bytes}
                  </span>
                  {item.note ? <span className="nav-type">{item.note}</span> : null}
                </button>
              </li>
            );
          }
          const p = item.partition;
          const fs = p.filesystem
            ? `${p.filesystem.name}${p.filesystem.label ? ` “${p.filesystem.label}”` : ''}`
            : null;
          return (
            <li key={`p-${p.index}`}>
              <button
                type="button"
                className={`nav-item nav-part nav-p${p.index % 6}${p.kind === 'extended' ? ' nav-extended' : ''}${here ? ' here' : ''}`}
                onClick={() => onJump(BigInt(p.start))}
                data-partition={p.index}
              >
                <span className="nav-title">
                  #{p.index} {p.name || p.typeName}
                  {p.bootable ? <span className="nav-flag">boot</span> : null}
                </span>
                <span className="nav-range">
                  LBA {p.start}–{p.end}
                </span>
                <span className="nav-size">
                  {p.size} sectors · {bytes}
                </span>
                <span className="nav-type">
                  {p.name ? `${p.typeName} · ` : ''}
                  {fs ??
                    (p.kind === 'extended' ? 'extended container' : 'no filesystem recognised')}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
});
