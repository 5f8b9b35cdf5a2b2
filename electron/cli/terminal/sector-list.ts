// Lists of LBAs for people: runs of neighbours shown as ranges.

/** "5-6, 100, 2048-2055" from ascending decimal LBAs. */
export function formatLbaRuns(lbas: readonly string[]): string {
  const runs: string[] = [];
  let start: bigint | undefined;
  let end = 0n;
  const push = () => {
    if (start !== undefined) runs.push(start === end ? `${start}` : `${start}-${end}`);
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
  return runs.join(', ');
}

/** The plain warning every job command prints when sectors could not be read. */
export function unreadableWarning(lbas: readonly string[], what: string): string {
  if (lbas.length === 0) return 'All sectors were read.';
  const sectors = lbas.length === 1 ? '1 sector' : `${lbas.length} sectors`;
  return `WARNING: ${sectors} could not be read and ${what}: LBA ${formatLbaRuns(lbas)}.`;
}
