import { useCallback } from 'react';
import type { DiskApi } from '../../../electron/shared/contract';
import { formatCopy, type CopyFormat } from '../../../electron/shared/copy-format';
import type { ByteRange } from '../grid/HexRow';

const MAX_COPY_BYTES = 1024n * 1024n;

/**
 * Copies the selection to the clipboard as hex, a C array or Base64, read afresh from the disk;
 * tells how it went through `notify`.
 */
export function useCopySelection(
  api: DiskApi,
  session: string,
  sectorSize: bigint,
  selection: ByteRange | null,
  notify: (message: string) => void,
): (format: CopyFormat) => Promise<void> {
  return useCallback(
    async (format: CopyFormat) => {
      if (!selection) return notify('Select bytes first (Shift+click or Shift+arrows).');
      const length = selection.end - selection.start;
      if (length > MAX_COPY_BYTES) return notify('Copy takes at most 1 MiB; export larger ranges.');
      const first = selection.start / sectorSize;
      const last = (selection.end - 1n) / sectorSize;
      try {
        const { data, unreadable } = await api.call('readSectors', {
          session,
          lba: first.toString(),
          count: Number(last - first + 1n),
        });
        if (unreadable.length > 0) {
          return notify(`Not copied: LBA ${unreadable.join(', ')} in the selection is unreadable.`);
        }
        const from = Number(selection.start - first * sectorSize);
        const bytes = data.subarray(from, from + Number(length));
        await navigator.clipboard.writeText(formatCopy(bytes, format));
        notify(`Copied ${length} bytes as ${format === 'c' ? 'a C array' : format}.`);
      } catch (failure) {
        notify(`Not copied: ${(failure as Error).message}`);
      }
    },
    [api, notify, sectorSize, selection, session],
  );
}
