import { hasSignature, u32be, u32le } from '../bytes';
import { rawLabel, uuidOrNull } from './blkid-text';
import type { DetectedFilesystem } from './filesystem-types';
import type { VolumeBytes } from './volume-bytes';

// Linux swap keeps its signature in the last 10 bytes of the first page, whatever the page size
// of the machine that made it (4 KiB on x86, up to 64 KiB elsewhere); its header is at 1024.
const PAGE_SIZES = [4096, 8192, 16384, 32768, 65536];
const HEADER = 1024;
const TUXONICE = Uint8Array.of(0xed, 0xc3, 0x02, 0xe9, 0x98, 0x56, 0xe5, 0x0c);

export function detectSwap(volume: VolumeBytes): DetectedFilesystem | null {
  const bytes = volume.head;
  if (volume.size < 10n * 4096n || TUXONICE.every((b, i) => bytes[i] === b)) return null;
  const page = PAGE_SIZES.find(
    (size) =>
      size <= bytes.length &&
      (hasSignature(bytes, size - 10, 'SWAPSPACE2') ||
        hasSignature(bytes, size - 10, 'SWAP-SPACE')),
  );
  if (page === undefined) return null;
  const base = { type: 'swap', usage: 'other' } as const;
  if (hasSignature(bytes, page - 10, 'SWAP-SPACE')) {
    // Version 0 has neither label nor UUID.
    return {
      ...base,
      name: 'Linux swap (version 0)',
      label: null,
      uuid: null,
      size: null,
      structures: [],
    };
  }
  const version = u32le(bytes, HEADER);
  const bigEndian = version !== 1 && u32be(bytes, HEADER) === 1;
  if (version !== 1 && !bigEndian) return null;
  const lastPage = bigEndian ? u32be(bytes, HEADER + 4) : u32le(bytes, HEADER + 4);
  if (lastPage === 0) return null;
  // blkid reads label and UUID only when this stretch of the padding is clean.
  const clean =
    u32le(bytes, HEADER + 44 + 32 * 4) === 0 && u32le(bytes, HEADER + 44 + 33 * 4) === 0;
  return {
    ...base,
    name: 'Linux swap',
    label: clean ? rawLabel(bytes, HEADER + 28, 16) : null,
    uuid: clean ? uuidOrNull(bytes, HEADER + 12) : null,
    size: (BigInt(lastPage) + 1n) * BigInt(page),
    structures: [],
  };
}
