// Bytes of an NTFS MFT record, from the boot sector (offset 0x40: clusters per record, or when
// negative, 2^-n bytes), to tell which file's record a sector of $MFT holds.

import type { SyncEvidenceReader } from '../../native-bridge/file-systems/external-image';
import type { TskFileSystem } from '../../native-bridge/file-systems/tsk-file-system';

export function ntfsMftRecordBytes(fs: TskFileSystem, reader: SyncEvidenceReader): number | null {
  const boot = new Uint8Array(512);
  if (reader.read(fs.description.offset, boot) < 0x42) return null;
  const view = new DataView(boot.buffer);
  const value = view.getInt8(0x40);
  const recordBytes = value < 0 ? 2 ** -value : value * fs.description.blockSize;
  return recordBytes >= 256 && recordBytes <= 65536 ? recordBytes : null;
}
