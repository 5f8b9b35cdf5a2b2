import { useCallback } from 'react';
import { MAX_READ_BYTES, type DiskApi } from '../../../electron/shared/contract';
import { humanBytes } from '../grid/format';
import type { ByteRange } from '../grid/HexRow';
import { formatForClipboard, labelOf, type ClipboardFormat } from './clipboard-format';

/** The most Copy takes: more belongs in an export, not in a clipboard. */
export const MAX_COPY_BYTES = 1024n * 1024n;

/**
 * Copies the selection to the clipboard in a format, read afresh from the disk (in reads the
 * service accepts); tells how it went through `notify`.
 */
export function useCopySelection(
  api: DiskApi,
  session: string,
  sectorSize: bigint,
  selection: ByteRange | null,
  notify: (message: string) => void,
): (format: ClipboardFormat) => Promise<void> {
  return useCallback(
    async (format: ClipboardFormat) => {
      if (!selection) {
        return notify('Nothing selected: drag over bytes, or Shift+click, or Shift+arrows.');
      }
      const length = selection.end - selection.start;
      if (length > MAX_COPY_BYTES) {
        return notify(
          `Not copied: the selection is ${length} bytes (${humanBytes(length)}), and Copy ` +
            `takes at most ${MAX_COPY_BYTES} bytes (1 MiB). Export the range to a file instead.`,
        );
      }
      const first = selection.start / sectorSize;
      const last = (selection.end - 1n) / sectorSize;
      const perRead = BigInt(Math.floor(MAX_READ_BYTES / Number(sectorSize)));
      try {
        const sectors = new Uint8Array(Number((last - first + 1n) * sectorSize));
        for (let lba = first; lba <= last; lba += perRead) {
          const count = last - lba + 1n < perRead ? last - lba + 1n : perRead;
          const { data, unreadable } = await api.call('readSectors', {
            session,
            lba: lba.toString(),
            count: Number(count),
          });
          if (unreadable.length > 0) {
            return notify(
              `Not copied: LBA ${unreadable.join(', ')} in the selection is unreadable.`,
            );
          }
          sectors.set(data, Number((lba - first) * sectorSize));
        }
        const from = Number(selection.start - first * sectorSize);
        const bytes = sectors.subarray(from, from + Number(length));
        await navigator.clipboard.writeText(formatForClipboard(bytes, format));
        notify(`Copied ${length} bytes as ${labelOf(format)}.`);
      } catch (failure) {
        notify(`Not copied: ${(failure as Error).message}`);
      }
    },
    [api, notify, sectorSize, selection, session],
  );
}
