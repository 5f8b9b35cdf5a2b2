// A disk image described as the bytes that are not zero: everything outside the extents is zero
// and stays a hole in the sparse file.

export const SECTOR_SIZE = 512;

export interface DiskExtent {
  /** Byte offset of the first byte, from the start of the image (or of the volume being built). */
  offset: number;
  bytes: Uint8Array;
}

/** Moves extents built relative to a volume to where the volume starts on the disk. */
export function shiftExtents(extents: DiskExtent[], by: number): DiskExtent[] {
  return extents.map((extent) => ({ offset: extent.offset + by, bytes: extent.bytes }));
}

/** Sorted by offset; throws when two extents overlap, which would mean one structure hides another. */
export function sortedWithoutOverlap(extents: DiskExtent[], imageSize: number): DiskExtent[] {
  const sorted = [...extents].sort((a, b) => a.offset - b.offset);
  let end = 0;
  for (const extent of sorted) {
    if (extent.offset < end) {
      throw new Error(
        `Extent at byte ${extent.offset} overlaps the previous one (ends at ${end}).`,
      );
    }
    end = extent.offset + extent.bytes.length;
    if (end > imageSize) {
      throw new Error(`Extent at byte ${extent.offset} runs past the image end (${imageSize}).`);
    }
  }
  return sorted;
}
