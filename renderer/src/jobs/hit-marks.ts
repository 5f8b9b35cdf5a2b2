import type { MapMark } from '../structure/map-marks';
import type { JobState } from './job-store';

/** The most recent search of this disk, or null. */
export function latestSearch(jobs: readonly JobState[], session: string): JobState | null {
  return jobs.find((job) => job.kind === 'search' && job.session === session) ?? null;
}

/** A search's hits as disk-map marks, each over the sectors its bytes cover. */
export function searchHitMarks(search: JobState | null, sectorSize: bigint): MapMark[] {
  if (!search) return [];
  const length = BigInt(Math.max(1, search.hitLength));
  return search.hits.map((hit) => {
    const offset = BigInt(hit.offset);
    return {
      start: offset / sectorSize,
      end: (offset + length - 1n) / sectorSize,
      kind: 'search-hit',
      label: `Search hit at 0x${offset.toString(16).toUpperCase()} (LBA ${hit.lba})`,
    };
  });
}
