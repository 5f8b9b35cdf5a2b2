// The partition and filesystem parsers' view of a source (electron/shared/disk's SectorSource):
// whole sectors, and an unreadable one fails the read, so no parser ever sees zeros it could
// take for data.

import type { SectorSource } from '../shared/disk';
import type { EvidenceSource } from './evidence-source';

export function parserSectors(source: EvidenceSource): SectorSource {
  const { logicalSectorSize: sectorSize, sectorCount } = source.geometry;
  return {
    sectorSize,
    sectorCount,
    read: async (lba, count) => {
      const length = count * sectorSize;
      const { data, unreadable } = await source.read(lba * BigInt(sectorSize), length);
      if (unreadable.length > 0) {
        const first = unreadable[0];
        const lbas = unreadable.map((sector) => sector.lba).join(', ');
        throw new Error(`LBA ${lbas} unreadable (${first?.error.message ?? 'read error'})`);
      }
      if (data.length === length) return data;
      // The image ends inside its last sector: the parsers read whole sectors, the rest is zero.
      const whole = new Uint8Array(length);
      whole.set(data);
      return whole;
    },
  };
}
