import { detectExfat } from './exfat';
import { detectExt } from './ext';
import { detectFat } from './fat';
import type { DetectedFilesystem } from './filesystem-types';
import { detectNtfs } from './ntfs';
import { detectLuks, detectSwap } from './swap-luks';

/**
 * Recognises the filesystem from the first bytes of a volume (FILESYSTEM_PROBE_BYTES when the
 * volume is that large). `volumeBytes` bounds where backup structures may lie. Never throws.
 */
export function detectFilesystem(
  bytes: Uint8Array,
  volumeBytes: bigint,
): DetectedFilesystem | null {
  return (
    detectLuks(bytes) ??
    detectNtfs(bytes, volumeBytes) ??
    detectExfat(bytes, volumeBytes) ??
    detectFat(bytes, volumeBytes) ??
    detectExt(bytes, volumeBytes) ??
    detectSwap(bytes)
  );
}
