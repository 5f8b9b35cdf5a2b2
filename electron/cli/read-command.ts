import { UsageError } from './cli-error';
import { formatXxd } from '../shared/xxd-dump';
import { wholeNumberOption } from './number-options';
import { openPathOption } from './open-source-option';

export interface ReadArgs {
  path: string | undefined;
  lba: string | undefined;
  count: string | undefined;
  hex: boolean;
  sectorSize?: string;
}

/**
 * Writes the sectors raw (or as an xxd-style dump); unreadable sectors are named on stderr. An
 * image that ends inside its last sector gives only the bytes it has, and says so.
 */
export async function runRead(
  args: ReadArgs,
  out: (chunk: Uint8Array | string) => Promise<void>,
  warn: (line: string) => void,
): Promise<void> {
  if (args.lba === undefined) throw new UsageError('Missing --lba N (decimal, or hex as 0x…).');
  const lba = wholeNumberOption(args.lba, '--lba');
  const countValue = args.count === undefined ? 1n : wholeNumberOption(args.count, '--count', 1n);
  const source = await openPathOption(args.path, args.sectorSize);
  try {
    const { sectorCount, logicalSectorSize } = source.geometry;
    if (lba >= sectorCount) {
      throw new UsageError(
        `LBA ${lba} is past the end of the disk: the last LBA is ${sectorCount - 1n}.`,
      );
    }
    if (lba + countValue > sectorCount) {
      throw new UsageError(
        `--count ${countValue} from LBA ${lba} runs past the end: at most ${sectorCount - lba} sectors remain.`,
      );
    }
    const chunkSectors = BigInt(Math.max(1, (4 * 1024 * 1024) / logicalSectorSize));
    for (let done = 0n; done < countValue;) {
      const n = Number(countValue - done < chunkSectors ? countValue - done : chunkSectors);
      const first = lba + done;
      const offset = first * BigInt(logicalSectorSize);
      const { data, short, unreadable } = await source.read(offset, n * logicalSectorSize);
      for (const { lba: bad, error } of unreadable)
        warn(`LBA ${bad} is unreadable (${error.message}); zero-filled in the output.`);
      if (short) {
        const held = source.geometry.size % BigInt(logicalSectorSize);
        warn(
          `LBA ${sectorCount - 1n} is the image's partial last sector: it holds ${held} of ` +
            `${logicalSectorSize} bytes, and only those ${held} are written.`,
        );
      }
      await out(args.hex ? formatXxd(data, offset) : data);
      done += BigInt(n);
    }
  } finally {
    await source.close();
  }
}
