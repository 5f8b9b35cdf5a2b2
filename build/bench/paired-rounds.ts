// Contenders measured in short rounds, each round running every contender once back to back, in
// an order that rotates from round to round. On a shared host whose speed drifts and jumps
// (another tenant's load), two contenders of one round see nearly the same host, so the ratio
// within a round is fair even when the absolute figures of two rounds differ twofold.

import { readCpuTimes, stealShare } from './cpu-steal';
import { median } from './stats';

export interface RoundFigure {
  iops: number;
  /** Host CPU steal while this contender ran, 0..1; null where it cannot be read. */
  steal: number | null;
}

export type Contenders<Name extends string> = Record<Name, () => Promise<number>>;

/** Each contender's IOPS per round; round r starts with contender r modulo their number. */
export async function runRounds<Name extends string>(
  contenders: Contenders<Name>,
  rounds: number,
): Promise<Record<Name, RoundFigure[]>> {
  const names = Object.keys(contenders) as Name[];
  const figures = Object.fromEntries(names.map((name) => [name, [] as RoundFigure[]])) as Record<
    Name,
    RoundFigure[]
  >;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length] as Name;
      const before = readCpuTimes();
      const iops = await contenders[name]();
      figures[name].push({ iops, steal: stealShare(before, readCpuTimes()) });
    }
  }
  return figures;
}

/** ours/peer within each round (rounds where the peer read nothing are left out). */
export function roundRatios(ours: readonly RoundFigure[], peer: readonly RoundFigure[]): number[] {
  return ours.flatMap((figure, round) => {
    const peerIops = peer[round]?.iops ?? 0;
    return peerIops > 0 ? [figure.iops / peerIops] : [];
  });
}

export function meanIops(figures: readonly RoundFigure[]): number {
  return figures.reduce((sum, figure) => sum + figure.iops, 0) / figures.length;
}

export function medianIops(figures: readonly RoundFigure[]): number {
  return median(figures.map((figure) => figure.iops));
}
