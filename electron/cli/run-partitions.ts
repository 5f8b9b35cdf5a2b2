import { crc32 } from 'node:zlib';
import { readerSectorSource } from '../service/disk-structure';
import { analyzeDisk } from '../shared/disk';
import { openDisk } from './open-disk';
import { formatPartitionsText, partitionsReport } from './partitions-command';

/** `sectorscope partitions PATH [--json] [--sector-size N]`. */
export async function runPartitions(
  path: string | undefined,
  json: boolean,
  sectorSize?: string,
): Promise<string> {
  const reader = await openDisk(path, sectorSize);
  try {
    const layout = await analyzeDisk(readerSectorSource(reader), { crc32 });
    return json
      ? JSON.stringify(partitionsReport(layout), null, 2) + '\n'
      : formatPartitionsText(layout);
  } finally {
    await reader.close();
  }
}
