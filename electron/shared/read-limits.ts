// Limits on reads that both sides of the contract and the parsers obey. Kept apart from
// contract.ts so that the disk parsers, which contract.ts takes types from, need nothing back
// from it (the two imported each other).

/** Largest single readSectors request, in bytes; the service refuses more. */
export const MAX_READ_BYTES = 1024 * 1024;
