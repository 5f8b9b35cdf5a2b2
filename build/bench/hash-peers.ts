// Peers for the whole-disk hash bench (job-hash.bench.ts): dc3dd hashing MD5, SHA-1 and SHA-256
// in one pass, and md5sum, sha1sum, sha256sum each alone. Each run starts with a cold page cache when the bench runs as root, as the job's O_DIRECT reads do.

import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

export type PeerAlgorithm = 'md5' | 'sha1' | 'sha256';

export interface HashPeerRun {
  command: string;
  seconds: number;
  bytesPerSecond: number;
  digests: Partial<Record<PeerAlgorithm, string>>;
}

/** Empties the page cache (root only), so a buffered peer reads the disk as O_DIRECT does. */
export function dropPageCache(): boolean {
  if (process.getuid?.() !== 0) return false;
  execFileSync('sync');
  writeFileSync('/proc/sys/vm/drop_caches', '3\n');
  return true;
}

function timed(
  command: string,
  args: string[],
): { seconds: number; stdout: string; stderr: string } {
  dropPageCache();
  console.error(`bench: ${[command, ...args].join(' ')}`);
  const started = performance.now();
  const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) {
    throw new Error(`${command} failed (exit ${run.status}): ${run.stderr || run.error?.message}`);
  }
  return { seconds, stdout: run.stdout, stderr: run.stderr };
}

/** `dc3dd if=PATH of=/dev/null hash=md5 hash=sha1 hash=sha256`, digests from its report. */
export function runDc3ddHashes(path: string, bytes: number): HashPeerRun {
  const args = [`if=${path}`, 'of=/dev/null', 'hash=md5', 'hash=sha1', 'hash=sha256'];
  const { seconds, stderr } = timed('dc3dd', args);
  const digests: Partial<Record<PeerAlgorithm, string>> = {};
  for (const match of stderr.matchAll(/^\s+([0-9a-f]+) \((md5|sha1|sha256)\)$/gm)) {
    digests[match[2] as PeerAlgorithm] = match[1];
  }
  return {
    command: ['dc3dd', ...args].join(' '),
    seconds,
    bytesPerSecond: bytes / seconds,
    digests,
  };
}

/** One of md5sum, sha1sum, sha256sum alone on PATH. */
export function runSumTool(algorithm: PeerAlgorithm, path: string, bytes: number): HashPeerRun {
  const tool = `${algorithm}sum`;
  const { seconds, stdout } = timed(tool, [path]);
  const digest = /^([0-9a-f]+)\s/.exec(stdout)?.[1];
  if (!digest) throw new Error(`${tool} printed no digest: ${stdout}`);
  return {
    command: `${tool} ${path}`,
    seconds,
    bytesPerSecond: bytes / seconds,
    digests: { [algorithm]: digest },
  };
}

/** md5sum, sha1sum and sha256sum each alone; the slowest is the bar a one-pass job must meet. */
export function runSumTools(
  path: string,
  bytes: number,
): { runs: HashPeerRun[]; slowest: HashPeerRun } {
  const runs = (['md5', 'sha1', 'sha256'] as const).map((algorithm) =>
    runSumTool(algorithm, path, bytes),
  );
  const slowest = runs.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  return { runs, slowest };
}
