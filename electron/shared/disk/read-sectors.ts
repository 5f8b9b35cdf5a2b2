import { MAX_READ_BYTES } from '../read-limits';
import { concatBytes } from './bytes';
import type { SectorSource } from './sector-source';

export type ReadOutcome = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

// Not `instanceof Uint8Array`: arrays that crossed a context bridge come from another realm.
function isByteArray(value: unknown): value is Uint8Array {
  return (
    ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]'
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads whole sectors without ever throwing: a range past the end, a source that fails, or a
 * source that returns the wrong amount of data all come back as { ok: false, message }.
 * Large ranges are split so no single request passes MAX_READ_BYTES.
 */
export async function readSectors(
  source: SectorSource,
  lba: bigint,
  count: number,
): Promise<ReadOutcome> {
  const size = source.sectorSize;
  if (!Number.isSafeInteger(count) || count < 1) {
    return { ok: false, message: `cannot read ${count} sectors` };
  }
  if (lba < 0n || lba + BigInt(count) > source.sectorCount) {
    const last = lba + BigInt(count) - 1n;
    return {
      ok: false,
      message: `sectors ${lba}-${last} lie outside the disk (${source.sectorCount} sectors)`,
    };
  }
  const perRequest = Math.max(1, Math.floor(MAX_READ_BYTES / size));
  const parts: Uint8Array[] = [];
  for (let done = 0; done < count; done += perRequest) {
    const chunk = Math.min(perRequest, count - done);
    const at = lba + BigInt(done);
    let bytes: unknown;
    try {
      bytes = await source.read(at, chunk);
    } catch (error) {
      return {
        ok: false,
        message: `reading sectors ${at}-${at + BigInt(chunk - 1)} failed: ${describe(error)}`,
      };
    }
    if (!isByteArray(bytes) || bytes.length < chunk * size) {
      const got = isByteArray(bytes) ? `${bytes.length} bytes` : 'no byte array';
      return {
        ok: false,
        message: `reading sectors ${at}-${at + BigInt(chunk - 1)} returned ${got} instead of ${chunk * size}`,
      };
    }
    parts.push(bytes.length === chunk * size ? bytes : bytes.subarray(0, chunk * size));
  }
  return { ok: true, bytes: parts.length === 1 && parts[0] ? parts[0] : concatBytes(parts) };
}

/** Reads `byteLength` bytes from the start of sector `lba`, clipped to the end of the disk. */
export async function readBytesAt(
  source: SectorSource,
  lba: bigint,
  byteLength: number,
): Promise<ReadOutcome> {
  const wanted = BigInt(Math.max(1, Math.ceil(byteLength / source.sectorSize)));
  const available = source.sectorCount - lba;
  const count = Number(wanted < available ? wanted : available);
  return readSectors(source, lba, count);
}
