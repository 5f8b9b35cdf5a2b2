import { useMemo } from 'react';
import type { PageStore } from '../disk/page-store';
import { useStoreVersion } from '../disk/use-store-version';
import type { ByteRange } from '../grid/HexRow';

const INSPECTOR_BYTES = 16;
const MAX_INSPECTED_SELECTION = 256n;

export interface InspectedBytes {
  offset: bigint;
  /** Null while any of them is loading or unreadable. */
  bytes: Uint8Array | null;
  fromSelection: boolean;
}

/** The bytes the data inspector decodes: the selection (up to 256 bytes), else 16 at the cursor. */
export function useInspectedBytes(
  store: PageStore,
  cursor: bigint,
  selection: ByteRange | null,
): InspectedBytes {
  const offset = selection ? selection.start : cursor;
  const length = selection
    ? Number(
        selection.end - selection.start > MAX_INSPECTED_SELECTION
          ? MAX_INSPECTED_SELECTION
          : selection.end - selection.start,
      )
    : INSPECTOR_BYTES;
  const version = useStoreVersion(store, offset, offset + BigInt(length));
  const bytes = useMemo(
    () => store.bytesAt(offset, length),
    // The version changes when the pages holding these bytes arrive.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [store, offset, length, version],
  );
  return { offset, bytes, fromSelection: selection !== null };
}
