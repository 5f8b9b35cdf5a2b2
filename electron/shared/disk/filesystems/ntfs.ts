import { BPB, hasBootSignature, readUint } from '../bpb-fields';
import { hasSignature, i8, u16le, u32le, u64le } from '../bytes';
import { NTFS_BOOT } from '../templates/volume-templates';
import { utf16Label } from './blkid-text';
import { backupOf, bootSector, type DetectedFilesystem } from './filesystem-types';
import type { VolumeBytes } from './volume-bytes';

const MAX_CLUSTER_BYTES = 2 * 1024 * 1024;
/** $Volume is record 3 of the MFT; its $VOLUME_NAME attribute (0x60) holds the label. */
const MFT_RECORD_VOLUME = 3n;
const ATTRIBUTE_VOLUME_NAME = 0x60;
const ATTRIBUTE_END = 0xffffffff;

interface NtfsGeometry {
  bytesPerSector: number;
  sectorsPerCluster: number;
  recordBytes: number;
}

/** The boot sector's geometry when it passes blkid's checks (ntfs.c), else null. */
function ntfsGeometry(bytes: Uint8Array): NtfsGeometry | null {
  if (!hasBootSignature(bytes) || !hasSignature(bytes, NTFS_BOOT.oemId.offset, 'NTFS    ')) {
    return null;
  }
  const bytesPerSector = readUint(bytes, NTFS_BOOT.bytesPerSector);
  if (bytesPerSector < 256 || bytesPerSector > 4096) return null;
  const raw = readUint(bytes, NTFS_BOOT.sectorsPerCluster);
  let sectorsPerCluster: number;
  if ([1, 2, 4, 8, 16, 32, 64, 128].includes(raw)) sectorsPerCluster = raw;
  else if (raw >= 240 && raw <= 249) sectorsPerCluster = 2 ** (256 - raw);
  else return null;
  if (bytesPerSector * sectorsPerCluster > MAX_CLUSTER_BYTES) return null;
  // The FAT fields NTFS leaves unused must be zero.
  const unused = [BPB.reservedSectors, BPB.rootEntries, BPB.totalSectors16, BPB.sectorsPerFat16];
  if (unused.some((field) => readUint(bytes, field) !== 0)) return null;
  if (readUint(bytes, BPB.totalSectors32) !== 0 || readUint(bytes, BPB.fatCount) !== 0) return null;
  const perRecord = i8(bytes, NTFS_BOOT.mftRecordSize.offset);
  const unsigned = perRecord & 0xff;
  if ((unsigned < 0xe1 || unsigned > 0xf7) && ![1, 2, 4, 8, 16, 32, 64].includes(perRecord)) {
    return null;
  }
  const recordBytes =
    perRecord > 0 ? perRecord * sectorsPerCluster * bytesPerSector : 2 ** -perRecord;
  if (recordBytes < 4) return null;
  const clusters = u64le(bytes, NTFS_BOOT.totalSectors.offset) / BigInt(sectorsPerCluster);
  if (
    u64le(bytes, NTFS_BOOT.mftCluster.offset) > clusters ||
    u64le(bytes, NTFS_BOOT.mftMirrorCluster.offset) > clusters
  ) {
    return null;
  }
  return { bytesPerSector, sectorsPerCluster, recordBytes };
}

export function isNtfsBootSector(bytes: Uint8Array): boolean {
  return ntfsGeometry(bytes) !== null;
}

/** Undoes the update sequence of an MFT record (the last two bytes of each of its sectors). */
function applyFixups(record: Uint8Array, sectorBytes: number): Uint8Array {
  const fixed = Uint8Array.from(record);
  const offset = u16le(record, 4);
  const count = u16le(record, 6);
  if (count < 2 || offset + count * 2 > record.length) return fixed;
  for (let i = 1; i < count; i++) {
    const end = i * sectorBytes - 2;
    if (end + 2 > record.length) break;
    fixed[end] = record[offset + i * 2] ?? 0;
    fixed[end + 1] = record[offset + i * 2 + 1] ?? 0;
  }
  return fixed;
}

/** The label as blkid reads it: the $VOLUME_NAME attribute of the MFT's $Volume record. */
function volumeName(raw: Uint8Array): string | null {
  if (!hasSignature(raw, 0, 'FILE')) return null;
  const record = applyFixups(raw, 512);
  const allocated = u32le(record, 28);
  let at = u16le(record, 20);
  while (at + 24 <= record.length && at <= allocated) {
    const type = u32le(record, at);
    const length = u32le(record, at + 4);
    if (length === 0 || type === ATTRIBUTE_END) return null;
    if (type === ATTRIBUTE_VOLUME_NAME) {
      const valueLength = u32le(record, at + 16);
      const valueOffset = u16le(record, at + 20);
      if (at + valueOffset + valueLength > record.length) return null;
      return utf16Label(record, at + valueOffset, valueLength, true);
    }
    at += length;
  }
  return null;
}

/** An NTFS volume, its label read from the MFT (asynchronous once recognised). */
export function detectNtfs(
  volume: VolumeBytes,
): DetectedFilesystem | null | Promise<DetectedFilesystem> {
  const geometry = ntfsGeometry(volume.head);
  return geometry === null ? null : describeNtfs(volume, geometry);
}

async function describeNtfs(
  volume: VolumeBytes,
  geometry: NtfsGeometry,
): Promise<DetectedFilesystem> {
  const bytes = volume.head;
  const { bytesPerSector, sectorsPerCluster, recordBytes } = geometry;
  const sector = BigInt(bytesPerSector);
  const mft = u64le(bytes, NTFS_BOOT.mftCluster.offset) * sector * BigInt(sectorsPerCluster);
  // blkid also wants records 0 and 3 of the MFT to be FILE records; a volume whose MFT is
  // damaged is still NTFS to an examiner, only without its label.
  const first = await volume.read(mft, 4);
  const intact = first !== null && hasSignature(first, 0, 'FILE');
  const record = intact
    ? await volume.read(mft + MFT_RECORD_VOLUME * BigInt(recordBytes), recordBytes)
    : null;
  const totalSectors = u64le(bytes, NTFS_BOOT.totalSectors.offset);
  // The volume's sector count leaves out the last sector, which holds the backup boot sector.
  const backupOffset = totalSectors * sector;
  const boot = bootSector('ntfs-boot', 'NTFS boot sector');
  const structures = [boot];
  if (backupOffset > 0n && backupOffset + sector <= volume.size) {
    structures.push(backupOf(boot, backupOffset, 'NTFS backup boot sector'));
  }
  return {
    type: 'ntfs',
    name: 'NTFS',
    usage: 'filesystem',
    label: record === null ? null : volumeName(record),
    uuid: u64le(bytes, NTFS_BOOT.volumeSerial.offset).toString(16).toUpperCase().padStart(16, '0'),
    // The volume and the backup boot sector after it.
    size: (totalSectors + 1n) * sector,
    structures,
  };
}
