// A raw disk or image as an evidence source: the bytes as they lie, read through the native
// bridge's O_DIRECT reader (O_RDONLY | O_DIRECT | O_CLOEXEC, and nothing else).

import {
  DiskReader,
  describeErrno,
  isAligned,
  readableBytes,
  type DiskInfo,
  type UnreadableSectors,
} from '../../native-bridge';
import { SectorscopeError } from '../shared/contract';
import {
  MAX_SOURCE_READ_BYTES,
  type EvidenceSource,
  type SourceDetails,
  type SourceGeometry,
  type SourceIdentity,
  type SourceRead,
  type SourceReadOptions,
  type SourceSpec,
  type UnreadableSector,
} from './evidence-source';

function describe(info: DiskInfo): string {
  const what = info.kind === 'block' ? 'block device' : 'raw image file';
  const cache = info.directIO
    ? 'read with O_DIRECT'
    : 'read through the page cache (O_DIRECT refused)';
  return `${what}, ${info.logicalSectorSize}-byte sectors, ${cache}`;
}

function unreadableSectors({
  unreadable,
  unreadableErrnos,
}: UnreadableSectors): UnreadableSector[] {
  return unreadable.map((lba, i) => {
    const errno = unreadableErrnos[i] ?? 0;
    return { lba, error: { code: 'MEDIA_ERROR', errno, message: describeErrno(errno) } };
  });
}

export function checkReadRange(offset: unknown, length: unknown): void {
  if (typeof offset !== 'bigint' || offset < 0n) {
    throw new SectorscopeError(
      'INVALID_ARGUMENT',
      `A read's offset must be a bigint of 0 or more; got ${String(offset)}.`,
    );
  }
  if (
    typeof length !== 'number' ||
    !Number.isInteger(length) ||
    length < 0 ||
    length > MAX_SOURCE_READ_BYTES
  ) {
    throw new SectorscopeError(
      'INVALID_ARGUMENT',
      `A read's length must be a whole number from 0 to ${MAX_SOURCE_READ_BYTES}; got ${String(length)}.`,
    );
  }
}

export class RawSource implements EvidenceSource {
  readonly identity: SourceIdentity;
  readonly geometry: SourceGeometry;
  readonly details: SourceDetails;
  readonly #reader: DiskReader;
  /** Where the bytes the kernel can reach end (a device's trailing partial sector cannot be). */
  readonly #end: bigint;

  private constructor(reader: DiskReader) {
    const { info } = reader;
    this.#reader = reader;
    this.#end = readableBytes(info);
    this.identity = Object.freeze({
      kind: info.kind,
      format: 'raw',
      path: info.path,
      description: describe(info),
    });
    this.geometry = Object.freeze({
      size: info.size,
      logicalSectorSize: info.logicalSectorSize,
      physicalSectorSize: info.physicalSectorSize,
      sectorCount: info.sectorCount,
      readOnly: true,
      directIO: info.directIO,
    });
    this.details = Object.freeze({
      segments: [info.path],
      metadata: {},
      storedHashes: {},
      warnings: [],
      library: null,
    });
  }

  static async open(spec: SourceSpec): Promise<RawSource> {
    const options =
      spec.sectorSize === undefined ? undefined : { logicalSectorSize: spec.sectorSize };
    return new RawSource(await DiskReader.open(spec.path, options));
  }

  async read(offset: bigint, length: number, options: SourceReadOptions = {}): Promise<SourceRead> {
    checkReadRange(offset, length);
    const wantedEnd = offset + BigInt(length);
    const end = wantedEnd < this.#end ? wantedEnd : this.#end;
    const short = end < wantedEnd;
    if (end <= offset) return { data: new Uint8Array(0), short, unreadable: [] };
    const bytes = Number(end - offset);
    const { into, retries } = options;
    const sectorSize = BigInt(this.geometry.logicalSectorSize);
    const lba = offset / sectorSize;
    const count = Number((end - lba * sectorSize + sectorSize - 1n) / sectorSize);
    if (
      into &&
      offset % sectorSize === 0n &&
      into.length >= count * this.geometry.logicalSectorSize &&
      isAligned(into)
    ) {
      const failed = await this.#reader.readInto(lba, count, into, { retries });
      return { data: into.subarray(0, bytes), short, unreadable: unreadableSectors(failed) };
    }
    const result = await this.#reader.readBytes(offset, bytes, { retries });
    let data = result.data;
    if (into) {
      into.set(data);
      data = into.subarray(0, bytes);
    }
    return { data, short, unreadable: unreadableSectors(result) };
  }

  close(): Promise<void> {
    return this.#reader.close();
  }
}
