// Runs fio, the I/O ceiling the native bridge is measured against, and reads its JSON report.

import { execFileSync } from 'node:child_process';

export interface FioRun {
  /** The command line, to print and to repeat by hand. */
  command: string;
  /** Read IOPS summed over fio's jobs. */
  iops: number;
  /** Read bandwidth summed over fio's jobs, bytes per second. */
  bytesPerSecond: number;
  /** Mean completion latency of reads, microseconds (of the first job). */
  meanLatencyMicros: number;
}

interface FioReport {
  jobs: { read: { iops: number; bw_bytes: number; clat_ns?: { mean: number } } }[];
}

export function runFio(args: string[]): FioRun {
  const command = ['fio', ...args].join(' ');
  console.error(`bench: ${command}`);
  const output = execFileSync('fio', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  // fio may print notes before the JSON document.
  const report = JSON.parse(output.slice(output.indexOf('{'))) as FioReport;
  if (report.jobs.length === 0) throw new Error(`fio reported no jobs for: ${command}`);
  return {
    command,
    iops: report.jobs.reduce((sum, job) => sum + job.read.iops, 0),
    bytesPerSecond: report.jobs.reduce((sum, job) => sum + job.read.bw_bytes, 0),
    meanLatencyMicros: (report.jobs[0]?.read.clat_ns?.mean ?? Number.NaN) / 1000,
  };
}
