// Command line: node --import tsx electron/sample/write-sample-disk.ts OUT.img [--force]

import { SAMPLE_DISK_SIZE, writeSampleDisk } from './sample-disk';
import { SAMPLE_PARTITIONS } from './sample-layout';
import { ImageTargetError } from './sparse-image-file';

const USAGE = `Usage: node --import tsx electron/sample/write-sample-disk.ts OUT.img [--force]

Writes the Sectorscope sample disk (a ${SAMPLE_DISK_SIZE / 2 ** 20} MiB GPT image with a FAT32 and a
FAT16 partition) to OUT.img. An existing OUT.img is only replaced with --force, and never when it
is not a regular file.`;

async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const force = args.includes('--force');
  const paths = args.filter((arg) => arg !== '--force');
  const path = paths[0];
  if (paths.length !== 1 || path === undefined || path.startsWith('-')) {
    console.error(`${paths.length === 0 ? 'Missing' : 'Wrong'} arguments.\n\n${USAGE}`);
    return 2;
  }
  try {
    await writeSampleDisk(path, { overwrite: force });
  } catch (error) {
    const exists = error instanceof ImageTargetError && error.problem === 'EXISTS';
    const message = exists
      ? `${path} already exists and is left as it is. Give another path, or add --force to replace it.`
      : error instanceof Error
        ? error.message
        : String(error);
    console.error(`Could not write the sample disk: ${message}`);
    return 1;
  }
  const partitions = SAMPLE_PARTITIONS.map((p) => `${p.name} at LBA ${p.firstLba}`).join(', ');
  console.log(`Wrote ${path}: ${SAMPLE_DISK_SIZE} bytes, GPT with ${partitions}.`);
  return 0;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
