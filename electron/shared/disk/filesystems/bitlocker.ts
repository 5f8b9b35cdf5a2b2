import { hasSignature, u32le, u64le } from '../bytes';
import type { DetectedFilesystem } from './filesystem-types';
import type { VolumeBytes } from './volume-bytes';

// BitLocker as blkid's bitlocker.c reads it: an NTFS-like (Vista, Windows 7 and later) or
// FAT32-like (To Go) boot sector whose FVE metadata block, where one is named, says "-FVE-FS-".
const VISTA = '\xeb\x52\x90-FVE-FS-';
const WIN7 = '\xeb\x58\x90-FVE-FS-';
const TO_GO = '\xeb\x58\x90MSWIN4.1';

export function detectBitLocker(
  volume: VolumeBytes,
): DetectedFilesystem | null | Promise<DetectedFilesystem | null> {
  const b = volume.head;
  if (b.length < 512) return null;
  const kind = [VISTA, WIN7, TO_GO].find((magic) => hasSignature(b, 0, magic));
  return kind === undefined ? null : describeBitLocker(volume, kind);
}

async function describeBitLocker(
  volume: VolumeBytes,
  kind: string,
): Promise<DetectedFilesystem | null> {
  const b = volume.head;
  if (kind !== VISTA) {
    const metadata = u64le(b, kind === WIN7 ? 176 : 440);
    if (metadata === 0n) return null;
    const fve = await volume.read(metadata, 8);
    if (fve === null || !hasSignature(fve, 0, '-FVE-FS-')) return null;
  }
  // blkid prints the (always zero, it notes) 32-bit serial of Windows 7 volumes with "%016d".
  const serial = u32le(b, 67) | 0;
  const uuid =
    kind === WIN7
      ? serial < 0
        ? `-${String(-serial).padStart(15, '0')}`
        : String(serial).padStart(16, '0')
      : null;
  return {
    type: 'BitLocker',
    name: kind === TO_GO ? 'BitLocker To Go' : 'BitLocker',
    usage: 'crypto',
    label: null,
    uuid,
    size: null,
    structures: [],
  };
}
