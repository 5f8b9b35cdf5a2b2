// Memory of a running process as the kernel accounts it (/proc/PID/status).

import { readFileSync } from 'node:fs';

export interface ProcessMemory {
  /** Resident set size now (VmRSS), bytes. */
  rssBytes: number;
  /** Peak resident set size (VmHWM), bytes. */
  hwmBytes: number;
}

export function readProcessMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    rssBytes: statusKib(status, 'VmRSS') * 1024,
    hwmBytes: statusKib(status, 'VmHWM') * 1024,
  };
}

function statusKib(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match?.[1])
    throw new Error(`/proc status has no ${field} line (the process may have ended).`);
  return Number(match[1]);
}

export const MB = 1_000_000;
