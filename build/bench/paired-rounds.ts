// Contenders measured in short rounds, each round running every contender once, back to back,
// forwards in even rounds and backwards in odd ones: the first two (the pair whose ratio counts)
// are always next to each other, and each goes first in half the rounds. On a shared host whose speed drifts and jumps
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

/** Each contender's IOPS per round, in their order in even rounds and the reverse in odd ones. */
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
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const before = readCpuTimes();
      const iops = await contenders[name]();
      figures[name].push({ iops, steal: stealShare(before, readCpuTimes()) });
    }
  }
  return figures;
}

/** ours/peer within each round; NaN for a round where the peer read nothing. */
export function roundRatios(ours: readonly RoundFigure[], peer: readonly RoundFigure[]): number[] {
  return ours.map((figure, round) => {
    const peerIops = peer[round]?.iops ?? 0;
    return peerIops > 0 ? figure.iops / peerIops : Number.NaN;
  });
}

/** The ratios of rounds where the peer read something. */
export function measuredRatios(ratios: readonly number[]): number[] {
  return ratios.filter((ratio) => !Number.isNaN(ratio));
}

export function meanIops(figures: readonly RoundFigure[]): number {
  return figures.reduce((sum, figure) => sum + figure.iops, 0) / figures.length;
}

export function medianIops(figures: readonly RoundFigure[]): number {
  return median(figures.map((figure) => figure.iops));
}
