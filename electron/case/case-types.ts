// What a case holds: its evidence, its bookmarks, and the head of its audit log. Byte offsets,
// sizes and sector counts are decimal strings, as in the contract, so that they stay exact.

import type { BookmarkOrigin } from '../shared/case-contract';
import type { SigningKeyRecord } from './signing';

export type { BookmarkOrigin };

/** The evidence as it was when added to the case: what it is, where, and its shape. */
export interface EvidenceIdentity {
  /** E1, E2... in the order added. */
  id: string;
  /** Absolute path, as the examiner named it (not resolved through links). */
  path: string;
  kind: 'block' | 'file';
  /** raw, split, ewf, aff, vmdk, vhd, vhdx. */
  format: string;
  description: string;
  size: string;
  logicalSectorSize: number;
  physicalSectorSize: number;
  sectorCount: string;
  /** The files it is made of (one for a plain image or device). */
  segments: string[];
  /** Acquisition metadata the image stores (E01). */
  metadata: Record<string, string>;
  /** Media hashes the image stores (E01), lower-case hex. */
  storedHashes: { md5?: string; sha1?: string };
  library: string | null;
  warnings: string[];
}

export type DigestName = 'md5' | 'sha1' | 'sha256' | 'sha512';

/** The digests of the whole evidence, once a hash job over all of it has finished. */
export interface EvidenceHashes {
  digests: Partial<Record<DigestName, string>>;
  /** Sectors that stayed unreadable and were hashed as zeros. */
  badSectors: number;
  /** When the job finished, and the log entry that records it. */
  time: string;
  entry: number;
}

/** The last verify of an image against the hashes it stores (E01). */
export interface EvidenceVerification {
  verified: boolean;
  time: string;
  entry: number;
}

export interface CaseEvidence extends EvidenceIdentity {
  hashes: EvidenceHashes | null;
  verification: EvidenceVerification | null;
}

export interface Bookmark {
  /** B1, B2... never reused. */
  id: string;
  /** The evidence id (E1). */
  evidence: string;
  /** First byte, decimal. */
  offset: string;
  /** Bytes, decimal, 1 or more. */
  length: string;
  label: string;
  note: string;
  /** #rrggbb, lower case. */
  colour: string;
  origin: BookmarkOrigin;
  created: string;
  modified: string;
}

/** The head of the chain: how many entries the log has and the hash of the last. */
export interface AuditHead {
  entries: number;
  lastHash: string;
  /** In a case that signs its log: the head's signature (signing.ts headMessage). */
  signature?: string;
}

/** case.json, as written. */
export interface CaseFile {
  format: 'sectorscope-case';
  version: 1;
  id: string;
  created: string;
  examiner: string | null;
  signing: SigningKeyRecord | null;
  evidence: CaseEvidence[];
  audit: AuditHead;
}

export const CASE_FILE = 'case.json';
export const AUDIT_FILE = 'audit.jsonl';
/** flock on it serialises appends to the log (and case.json with them). */
export const AUDIT_LOCK_FILE = 'audit.lock';
/** flock on it is the viewer's hold on the case; it names its holder. */
export const CASE_LOCK_FILE = 'case.lock';
/** A torn last line set aside on opening: audit.torn-<seq of the entry recording it>.jsonl. */
export const TORN_PREFIX = 'audit.torn-';

/**
 * Given later, once files exist (The Sleuth Kit): the file a byte range of the evidence lies in,
 * and the range's offset within it, or null when no file owns it.
 */
export type FileResolver = (
  evidence: EvidenceIdentity,
  range: { offset: bigint; length: bigint },
) => Promise<{ path: string; offset: bigint } | null>;
