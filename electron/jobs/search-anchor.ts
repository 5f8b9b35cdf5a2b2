// Which part of a pattern to look for with Buffer.indexOf before checking the whole pattern.
// Disks are full of 00 (and FF) bytes: an anchor that starts with one stops indexOf at nearly
// every byte, so the choice weighs how often each candidate would stop the scan.

import type { CompiledPattern } from '../shared/search-pattern';

export interface SearchAnchor {
  /** Where the anchor starts inside the pattern. */
  offset: number;
  /** The byte strings to find (one, or the case variants); all of equal length. */
  variants: Buffer[];
}

/** More variants than this are not searched for one by one (each is a pass over the block). */
const MAX_VARIANTS = 8;
/** Longer anchors barely find fewer candidates; this bounds the choice's own cost. */
const MAX_ANCHOR_UNITS = 32;

/** Rough share of disk bytes with this value: empty space is 00, or FF on erased flash. */
function byteFrequency(byte: number): number {
  if (byte === 0x00) return 0.3;
  if (byte === 0xff) return 0.05;
  if (byte === 0x20) return 0.02;
  return 1 / 256;
}

/**
 * Estimated nanoseconds per scanned byte, from measurements of Buffer.indexOf in Node 20 on
 * x86-64: a pass over the block per variant (short needles run at memchr speed, needles of 8
 * bytes and more take a slower path), a stop inside indexOf wherever the variant's first byte
 * occurs, and a return to JavaScript plus a check of the whole pattern wherever the anchor
 * occurs.
 */
function scanCost(variants: Uint8Array[]): number {
  let cost = 0;
  for (const variant of variants) {
    let whole = 1;
    for (const byte of variant) whole *= byteFrequency(byte);
    const pass = variant.length >= 8 ? 0.5 : 0.14;
    cost += pass + 10 * byteFrequency(variant[0] ?? 0) + 400 * whole;
  }
  return cost;
}

/** A piece of the pattern an anchor can be made of: one fixed byte, or one character's variants. */
interface Unit {
  offset: number;
  alternatives: Uint8Array[];
}

/** Fixed runs split into single bytes (any slice of them may anchor); wildcards as null. */
function unitsOf(pattern: CompiledPattern): (Unit | null)[] {
  const units: (Unit | null)[] = [];
  for (const element of pattern.elements) {
    if (element.kind === 'any') {
      units.push(null);
    } else if (element.alternatives.length === 1) {
      const bytes = element.alternatives[0] as Uint8Array;
      bytes.forEach((byte, i) =>
        units.push({ offset: element.offset + i, alternatives: [Uint8Array.of(byte)] }),
      );
    } else {
      units.push({ offset: element.offset, alternatives: element.alternatives });
    }
  }
  return units;
}

function extend(variants: Uint8Array[], unit: Unit): Uint8Array[] {
  const next: Uint8Array[] = [];
  for (const head of variants) {
    for (const tail of unit.alternatives) {
      const joined = new Uint8Array(head.length + tail.length);
      joined.set(head);
      joined.set(tail, head.length);
      next.push(joined);
    }
  }
  return next;
}

/**
 * The anchor expected to scan fastest; null when no part of the pattern has few enough variants
 * (then every position is checked).
 */
export function chooseAnchor(pattern: CompiledPattern): SearchAnchor | null {
  const units = unitsOf(pattern);
  let best: { offset: number; variants: Uint8Array[]; cost: number } | null = null;
  for (let first = 0; first < units.length; first++) {
    let variants: Uint8Array[] = [new Uint8Array(0)];
    const start = units[first];
    if (!start) continue;
    for (let last = first; last < units.length && last < first + MAX_ANCHOR_UNITS; last++) {
      const unit = units[last];
      if (!unit || variants.length * unit.alternatives.length > MAX_VARIANTS) break;
      variants = extend(variants, unit);
      const cost = scanCost(variants);
      // At equal cost the longer anchor wins: fewer false candidates to check.
      if (
        best === null ||
        cost < best.cost ||
        (cost === best.cost && (variants[0]?.length ?? 0) > (best.variants[0]?.length ?? 0))
      ) {
        best = { offset: start.offset, variants, cost };
      }
    }
  }
  if (best === null) return null;
  return { offset: best.offset, variants: best.variants.map((v) => Buffer.from(v)) };
}
