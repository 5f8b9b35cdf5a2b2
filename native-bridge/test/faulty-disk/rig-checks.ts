// Preconditions on the faulty-disk rig, checked inside the product tests that rely on them: when
// one fails, the message says that the rig (FUSE program, loop device, kernel) misbehaved, so a
// broken rig is never reported as a bug of the reader.
import { performance } from 'node:perf_hooks';
import { ddRead } from './dd-oracle';

/** How long dd may take to start and reach the FUSE program, on a loaded machine too. */
const DELAY_START_TIMEOUT_MS = 5_000;

/** The message of a failed precondition: the rig, not the product, is at fault. */
export function rigBroken(detail: string): string {
  return `the faulty-disk rig is broken (not the product under test): ${detail}`;
}

/**
 * Checks with dd, beside the reads of the product under test, that the rig delays `slowLba` by
 * `delayMs`, and that a read of `fastLba` made while the FUSE program delays that one reaches the
 * program and is answered before it (the loop device passes reads to FUSE concurrently). The
 * order comes from the program's log (the disk needs logReads), not from timings, so that a
 * loaded machine, slow to start dd, is not taken for a broken rig. Start it once the product's
 * own reads are under way (spawning dd would slow them). Resolves with what went wrong, or
 * undefined when the rig behaved.
 */
export async function checkDelayRig(options: {
  disk: { device: string; log(): Promise<string> };
  sectorSize: number;
  slowLba: bigint;
  fastLba: bigint;
  delayMs: number;
  workDir: string;
}): Promise<string | undefined> {
  const { disk, sectorSize, slowLba, fastLba, delayMs, workDir } = options;
  const size = BigInt(sectorSize);
  // The program logs "read OFFSET+LENGTH delayed N ms" before it sleeps, "... ok" once answered.
  const slowDelayed = new RegExp(`read ${slowLba * size}\\+\\d+ delayed`);
  const slowAnswered = new RegExp(`read ${slowLba * size}\\+\\d+ ok$`);
  const fastAnswered = new RegExp(`read ${fastLba * size}\\+\\d+ ok$`);
  const logged = (await disk.log()).length;
  const newLines = async () => (await disk.log()).slice(logged).split('\n');

  const start = performance.now();
  const slow = ddRead(disk.device, sectorSize, slowLba, 1, workDir).then((read) => ({
    read,
    ms: performance.now() - start,
  }));
  while (!(await newLines()).some((line) => slowDelayed.test(line))) {
    if (performance.now() - start > DELAY_START_TIMEOUT_MS) {
      await slow;
      return `dd's read of sector ${slowLba} was not delayed (no "delayed" line in the log)`;
    }
  }
  const fast = await ddRead(disk.device, sectorSize, fastLba, 1, workDir);
  const slowDone = await slow;
  const lines = await newLines();
  const fastAt = lines.findIndex((line) => fastAnswered.test(line));
  const slowAt = lines.findLastIndex((line) => slowAnswered.test(line));
  return !slowDone.read.ok
    ? `dd could not read delayed sector ${slowLba}: ${slowDone.read.stderr}`
    : !fast.ok
      ? `dd could not read sector ${fastLba}: ${fast.stderr}`
      : slowDone.ms < delayMs
        ? `dd read delayed sector ${slowLba} in ${slowDone.ms.toFixed(0)} ms, under ${delayMs} ms`
        : fastAt < 0 || slowAt < 0
          ? `the log lacks the answer to dd's read of ${fastLba} or ${slowLba}:\n${lines.join('\n')}`
          : fastAt > slowAt
            ? `dd's read of sector ${fastLba}, made while sector ${slowLba} was delayed, was ` +
              'answered after it: the loop device or FUSE serializes reads'
            : undefined;
}
