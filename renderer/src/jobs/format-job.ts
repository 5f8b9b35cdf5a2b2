import type { JobProgress } from '../../../electron/shared/contract';
import { humanBytes } from '../grid/format';

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function progressFigures(progress: JobProgress): { percent: number; text: string } {
  const done = BigInt(progress.bytesDone);
  const total = BigInt(progress.bytesTotal);
  const percent = total > 0n ? Number((done * 10000n) / total) / 100 : 100;
  const parts = [
    `${humanBytes(done)} of ${humanBytes(total)}`,
    `${humanBytes(BigInt(Math.round(progress.rate)))}/s`,
    progress.secondsLeft === null
      ? 'time left unknown'
      : `${formatDuration(progress.secondsLeft)} left`,
  ];
  if (progress.badSectors > 0) parts.push(`${progress.badSectors} unreadable sectors`);
  return { percent, text: parts.join(' · ') };
}

/** Shortens a list of LBAs for display: "100, 101, 300 and 12 more". */
export function listLbas(lbas: readonly string[], max = 12): string {
  if (lbas.length <= max) return lbas.join(', ');
  return `${lbas.slice(0, max).join(', ')} and ${lbas.length - max} more`;
}
