// The source layer: every read of evidence goes through here (see evidence-source.ts).
export * from './evidence-source';
export { openSource, readsInProgress, specOf, SOURCE_SECTOR_SIZES } from './open-source';
export { parserSectors } from './parser-sectors';
export { allocateAlignedShared as allocateReadBuffer } from '../../native-bridge';
export { listDevices } from './list-devices';
export { sourceFingerprint, type SourceFingerprint } from './source-fingerprint';
