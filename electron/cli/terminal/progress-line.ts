// The one-line progress display of the job commands on a terminal: rewritten in place on stderr,
// and only when stderr is a terminal (never in a pipe or a log file).

import type { JobProgress } from '../../shared/contract';
import { formatBytes } from '../info-command';

function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** "Hashing  1.50 GiB of 4.00 GiB (37%)  512.0 MiB/s  0:05 left  2 unreadable" */
export function formatProgress(verb: string, progress: JobProgress): string {
  const done = BigInt(progress.bytesDone);
  const total = BigInt(progress.bytesTotal);
  const percent = total === 0n ? 100 : Number((done * 1000n) / total) / 10;
  const parts = [
    `${verb}  ${formatBytes(done)} of ${formatBytes(total)} (${percent.toFixed(percent < 100 ? 1 : 0)}%)`,
    `${formatBytes(BigInt(Math.round(progress.rate)))}/s`,
    progress.secondsLeft === null
      ? 'time left unknown'
      : `${formatDuration(progress.secondsLeft)} left`,
  ];
  if (progress.badSectors > 0) parts.push(`${progress.badSectors} unreadable`);
  return parts.join('  ');
}

export interface ProgressLine {
  update(progress: JobProgress): void;
  /** Erases the line, before the result is printed. */
  clear(): void;
}

export function progressLine(
  verb: string,
  stream: { isTTY?: boolean; columns?: number; write(chunk: string): boolean },
): ProgressLine {
  if (!stream.isTTY) return { update: () => undefined, clear: () => undefined };
  let shown = false;
  return {
    update(progress) {
      // A terminal of unknown size (a pty nobody sized) says 0 columns.
      const columns = stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80;
      const width = Math.max(20, columns - 1);
      stream.write(`\r\x1b[K${formatProgress(verb, progress).slice(0, width)}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
