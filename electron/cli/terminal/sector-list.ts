// Lists of LBAs for people: runs of neighbours shown as ranges.

import { formatLbaRuns } from '../../shared/lba-runs';

/** The plain warning every job command prints when sectors could not be read. */
export function unreadableWarning(lbas: readonly string[], what: string): string {
  if (lbas.length === 0) return 'All sectors were read.';
  const sectors = lbas.length === 1 ? '1 sector' : `${lbas.length} sectors`;
  return `WARNING: ${sectors} could not be read and ${what}: LBA ${formatLbaRuns(lbas)}.`;
}
