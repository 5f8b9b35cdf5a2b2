// CPU steal: the share of time this virtual machine's CPUs were ready to run but the host ran
// something else (/proc/stat). A bench on a shared host prints it beside its figures, so that a
// figure taken while the host was busy can be told apart from one taken while it was idle.

import { readFileSync } from 'node:fs';

export interface CpuTimes {
  /** Ticks of all kinds (user … steal) summed over every CPU. */
  total: number;
  steal: number;
}

export function readCpuTimes(): CpuTimes | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal [guest guest_nice, counted in user]
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    if (ticks.length < 8 || ticks.some((tick) => !Number.isFinite(tick))) return null;
    return { total: ticks.reduce((sum, tick) => sum + tick, 0), steal: ticks[7] ?? 0 };
  } catch {
    return null;
  }
}

/** Steal between two readings, 0..1; null where /proc/stat could not be read or no tick passed. */
export function stealShare(before: CpuTimes | null, after: CpuTimes | null): number | null {
  if (!before || !after || after.total <= before.total) return null;
  return (after.steal - before.steal) / (after.total - before.total);
}
