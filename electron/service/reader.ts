import type { DiskInfo, SectorReadResult } from '../../native-bridge/types';

/** What the service needs of an open disk: exactly what native-bridge's DiskReader offers. */
export interface SectorReader {
  readonly info: DiskInfo;
  readSectors(lba: bigint, count: number): Promise<SectorReadResult>;
  close(): Promise<void>;
}

export type OpenReader = (path: string) => Promise<SectorReader>;
