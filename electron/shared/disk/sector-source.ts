/**
 * Where the disk-structure parsers get their bytes: the real reader in main, a Buffer in tests,
 * or the renderer's transport. Reads are always whole logical sectors.
 */
export interface SectorSource {
  /** Logical sector size in bytes (512 or 4096 on real disks). */
  sectorSize: number;
  /** Number of logical sectors on the disk. */
  sectorCount: bigint;
  /** Reads `count` sectors from `lba`; resolves to exactly count * sectorSize bytes. */
  read(lba: bigint, count: number): Promise<Uint8Array>;
}
