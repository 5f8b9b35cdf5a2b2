import { hasSignature } from './bytes';
import type { DetectedFilesystem } from './filesystems/filesystem-types';
import { BOOT_SECTOR_FILESYSTEMS, probeFilesystem } from './filesystems/probe-filesystem';
import type { FindingCollector } from './findings';
import { type Crc32, GPT_SIGNATURE } from './gpt/gpt-header';
import { type GptLayout, readGpt } from './gpt/gpt-read';
import type { PartitionScheme } from './layout/layout-types';
import type { MbrTable } from './mbr/mbr-table';
import { readBytesAt, readSectors } from './read-sectors';
import type { SectorSource } from './sector-source';

export interface SchemeChoice {
  scheme: PartitionScheme;
  gpt: GptLayout | null;
  /** A filesystem at LBA 0 of a disk without a partition table. */
  volumeAtZero: DetectedFilesystem | null;
}

async function checkIgnoredGpt(source: SectorSource, findings: FindingCollector): Promise<void> {
  const read = await readSectors(source, 1n, 1);
  if (read.ok && hasSignature(read.bytes, 0, GPT_SIGNATURE)) {
    findings.add(
      'warning',
      'GPT_IGNORED',
      'LBA 1 holds a GPT header but the MBR has no protective 0xEE entry, so the MBR is shown (as Linux does). The GPT may be left over from an earlier layout: look at both.',
      1n,
    );
  }
}

/** Looks for a GPT header where the other common sector size would put it. */
async function checkOtherSectorSize(
  source: SectorSource,
  findings: FindingCollector,
): Promise<void> {
  const other = source.sectorSize === 512 ? 4096 : 512;
  const read = await readBytesAt(source, 0n, other + 8);
  if (!read.ok || read.bytes.length < other + 8) return;
  if (hasSignature(read.bytes, other, GPT_SIGNATURE)) {
    findings.add(
      'warning',
      'SECTOR_SIZE_MISMATCH',
      `A GPT header sits at byte ${other}, where a disk with ${other}-byte sectors keeps it, but this disk is read with ${source.sectorSize}-byte sectors. Open it again with --sector-size ${other}.`,
      0n,
    );
  }
}

/**
 * Decides how the disk is partitioned, as Linux does: GPT behind a protective MBR; a FAT, NTFS or
 * exFAT volume filling the disk; an MBR with entries; a GPT without protective MBR; or nothing.
 */
export async function chooseScheme(
  source: SectorSource,
  mbr: MbrTable | null,
  crc32: Crc32,
  detect: boolean,
  findings: FindingCollector,
): Promise<SchemeChoice> {
  const sectorCount = source.sectorCount;
  const mbrSound = mbr !== null && mbr.signatureValid && mbr.statusValid;
  const protective = mbrSound && mbr.entries.some((entry) => entry.used && entry.protective);
  let scheme: PartitionScheme = 'none';
  let gpt: GptLayout | null = null;
  let volumeAtZero: DetectedFilesystem | null = null;

  if (protective) {
    gpt = await readGpt(source, crc32, findings);
    scheme = gpt === null ? 'mbr' : 'gpt';
    if (gpt === null) {
      findings.add(
        'error',
        'GPT_HEADERS_MISSING',
        'The MBR announces a GPT (a 0xEE entry) but neither GPT header was found, at LBA 1 nor at the last LBA. The GPT was wiped or the disk is read with the wrong sector size; the MBR entries are shown.',
        1n,
      );
      await checkOtherSectorSize(source, findings);
    }
  } else if (mbr?.signatureValid) {
    // FAT, NTFS and exFAT boot sectors end in 0x55AA too: a volume without a partition table.
    const found = detect
      ? await probeFilesystem(source, 0n, sectorCount, findings, 'the disk')
      : null;
    if (found !== null && BOOT_SECTOR_FILESYSTEMS.has(found.type)) {
      volumeAtZero = found;
    } else if (mbrSound && mbr.entries.some((entry) => entry.used)) {
      scheme = 'mbr';
      await checkIgnoredGpt(source, findings);
    } else {
      gpt = await readGpt(source, crc32, findings);
      scheme = gpt !== null ? 'gpt' : mbrSound ? 'mbr' : 'none';
      if (!mbrSound && gpt === null) {
        findings.add(
          'info',
          'MBR_BAD_STATUS',
          'LBA 0 ends in 0x55AA but its partition entries have status bytes other than 0x00 and 0x80, so it is not read as a partition table.',
          0n,
        );
      }
    }
  } else {
    gpt = await readGpt(source, crc32, findings);
    if (gpt !== null) scheme = 'gpt';
    else if (detect) {
      volumeAtZero = await probeFilesystem(source, 0n, sectorCount, findings, 'the disk');
    }
  }

  if (scheme === 'none' && volumeAtZero === null) await checkOtherSectorSize(source, findings);
  return { scheme, gpt, volumeAtZero };
}
