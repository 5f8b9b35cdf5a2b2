import { crc32 } from 'node:zlib';
import { analyzeDisk, partitionsReport } from '../shared/disk';
import { parserSectors } from '../source';
import { openPathOption } from './open-source-option';
import { formatPartitionsText } from './partitions-text';

/** `sectorscope partitions PATH [--json] [--sector-size N]`. */
export async function runPartitions(
  path: string | undefined,
  json: boolean,
  sectorSize?: string,
): Promise<string> {
  const source = await openPathOption(path, sectorSize);
  try {
    const layout = await analyzeDisk(parserSectors(source), { crc32 });
    return json
      ? JSON.stringify(partitionsReport(layout), null, 2) + '\n'
      : formatPartitionsText(layout);
  } finally {
    await source.close();
  }
}
