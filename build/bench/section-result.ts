// What a bench section hands back to build/scripts/bench.mjs: rows of figures, each set against
// a peer measured in the same run (or against the target itself where there is no peer).

import { writeFileSync } from 'node:fs';

export interface BenchRow {
  /** What was measured, e.g. "random 4 KiB reads, QD1". */
  measure: string;
  unit: string;
  /** Sectorscope's figure. */
  value: number;
  /** The peer it is compared with ("fio psync QD1"), or "target" when the target is the peer. */
  peer: string;
  peerValue: number | null;
  /** value / peerValue. */
  ratio: number | null;
  /** The goal in words ("ratio >= 0.8", "< 50 ms"); null for figures given for information. */
  target: string | null;
  met: boolean | null;
}

export interface SectionResult {
  id: string;
  title: string;
  rows: BenchRow[];
  /** How it was measured, commands run, checks made, anything odd. */
  notes: string[];
  /** Set when the section could not run; says why and how to make it run. */
  skipped?: string;
}

export function ratioOf(value: number, peerValue: number): number | null {
  return peerValue > 0 ? value / peerValue : null;
}

export function writeSectionResult(path: string, result: SectionResult): void {
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
}
