// Lists of LBAs as runs of neighbours: what a person reads ("5-6, 100") and what a verify
// result reports (its bad runs).

import type { SectorRunView } from './contract';

/** Ascending decimal LBAs as runs of consecutive sectors. */
export function lbaRuns(lbas: readonly string[]): SectorRunView[] {
  const runs: SectorRunView[] = [];
  let start: bigint | undefined;
  let end = 0n;
  const push = () => {
    if (start !== undefined) runs.push({ start: String(start), end: String(end) });
  };
  for (const text of lbas) {
    const lba = BigInt(text);
    if (start !== undefined && lba === end + 1n) {
      end = lba;
      continue;
    }
    push();
    start = lba;
    end = lba;
  }
  push();
  return runs;
}

/** "5-6, 100, 2048-2055" from ascending decimal LBAs. */
export function formatLbaRuns(lbas: readonly string[]): string {
  return lbaRuns(lbas)
    .map(({ start, end }) => (start === end ? start : `${start}-${end}`))
    .join(', ');
}
