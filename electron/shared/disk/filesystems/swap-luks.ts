import { fixedLatin1, hasSignature, u16be } from '../bytes';
import { formatUuid } from '../guid';
import type { DetectedFilesystem } from './filesystem-types';

// Linux swap keeps its signature in the last 10 bytes of the first page (4096 bytes on x86).
const SWAP_PAGE = 4096;

export function detectSwap(bytes: Uint8Array): DetectedFilesystem | null {
  if (bytes.length < SWAP_PAGE) return null;
  const isSwap =
    hasSignature(bytes, SWAP_PAGE - 10, 'SWAPSPACE2') ||
    hasSignature(bytes, SWAP_PAGE - 10, 'SWAP-SPACE');
  if (!isSwap) return null;
  const label = fixedLatin1(bytes, 1052, 16);
  return {
    type: 'swap',
    name: 'Linux swap',
    label: label === '' ? null : label,
    uuid: formatUuid(bytes, 1036),
    structures: [],
  };
}

const LUKS_MAGIC = 'LUKS\xba\xbe';

export function detectLuks(bytes: Uint8Array): DetectedFilesystem | null {
  if (bytes.length < 512 || !hasSignature(bytes, 0, LUKS_MAGIC)) return null;
  const version = u16be(bytes, 6);
  const uuid = fixedLatin1(bytes, 168, 40);
  const label = version === 2 ? fixedLatin1(bytes, 24, 48) : '';
  return {
    type: 'luks',
    name: `LUKS${version}`,
    label: label === '' ? null : label,
    uuid: uuid === '' ? null : uuid,
    structures: [],
  };
}
