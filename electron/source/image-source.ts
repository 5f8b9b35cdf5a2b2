// An evidence image read through its library (native-bridge's ImageReader): E01 through libewf,
// AFF, VMDK, VHD and VHDX through libtsk. Sectors the library could not give (an E01 chunk whose
// checksum failed, data of a missing segment) are unreadable with that reason, zero in the bytes,
// never shown as data.

import { ImageReader, NativeDiskError, type BadRun, type ImageLibrary } from '../../native-bridge';
import { SectorscopeError } from '../shared/contract';
import {
  type EvidenceSource,
  type SourceDetails,
  type SourceFormat,
  type SourceGeometry,
  type SourceIdentity,
  type SourceRead,
  type SourceReadOptions,
  type UnreadableSector,
} from './evidence-source';
import { ewfOpenProblem, ewfSegmentWarnings } from './ewf-segments';
import { checkReadRange } from './raw-source';

export type ImageFormat = Exclude<SourceFormat, 'raw' | 'split'>;

const LIBRARY_OF: Record<ImageFormat, ImageLibrary> = {
  ewf: { library: 'ewf' },
  aff: { library: 'tsk', kind: 'aff' },
  vmdk: { library: 'tsk', kind: 'vmdk' },
  vhd: { library: 'tsk', kind: 'vhd' },
  vhdx: { library: 'tsk', kind: 'vhd' },
};

const FORMAT_NAMES: Record<ImageFormat, string> = {
  ewf: 'Expert Witness (EWF) image',
  aff: 'AFF image',
  vmdk: 'VMDK virtual disk',
  vhd: 'VHD virtual disk',
  vhdx: 'VHDX virtual disk',
};

export class ImageSource implements EvidenceSource {
  readonly identity: SourceIdentity;
  readonly geometry: SourceGeometry;
  readonly details: SourceDetails;
  readonly #reader: ImageReader;
  readonly #missingData: boolean;

  private constructor(path: string, format: ImageFormat, reader: ImageReader, warnings: string[]) {
    const { description } = reader;
    this.#reader = reader;
    this.#missingData = warnings.length > 0;
    const sectorSize = description.sectorSize;
    const segments = description.segments.length;
    const files = segments > 1 ? ` in ${segments} segment files` : '';
    const flavour = format === 'ewf' ? ` (${description.formatName})` : '';
    this.identity = Object.freeze({
      kind: 'file',
      format,
      path,
      description:
        `${FORMAT_NAMES[format]}${flavour}${files}, ${sectorSize}-byte sectors, read through ` +
        description.library,
    });
    this.geometry = Object.freeze({
      size: description.size,
      logicalSectorSize: sectorSize,
      physicalSectorSize: sectorSize,
      sectorCount: (description.size + BigInt(sectorSize) - 1n) / BigInt(sectorSize),
      readOnly: true,
      directIO: false,
    });
    const metadata: Record<string, string> = {};
    for (const [name, value] of Object.entries(description.metadata)) {
      if (value !== undefined) metadata[name] = value;
    }
    this.details = Object.freeze({
      segments: description.segments,
      metadata,
      storedHashes: description.storedHashes,
      warnings,
      library: description.library,
    });
  }

  static async open(path: string, format: ImageFormat): Promise<ImageSource> {
    const reader = await ImageReader.open(path, LIBRARY_OF[format]).catch(
      async (error: unknown) => {
        if (format !== 'ewf' || !(error instanceof NativeDiskError) || error.code !== 'IO')
          throw error;
        throw new SectorscopeError('IO', `${error.message} ${await ewfOpenProblem(path)}`);
      },
    );
    try {
      if (reader.description.size <= 0n) {
        throw new SectorscopeError('EMPTY', `${path} holds a disk of 0 bytes: nothing to show.`);
      }
      const warnings =
        format === 'ewf' ? await ewfSegmentWarnings(reader.description.segments) : [];
      return new ImageSource(path, format, reader, warnings);
    } catch (error) {
      await reader.close();
      throw error;
    }
  }

  async read(offset: bigint, length: number, options: SourceReadOptions = {}): Promise<SourceRead> {
    checkReadRange(offset, length);
    const wantedEnd = offset + BigInt(length);
    const end = wantedEnd < this.geometry.size ? wantedEnd : this.geometry.size;
    const short = end < wantedEnd;
    if (end <= offset) return { data: new Uint8Array(0), short, unreadable: [] };
    const bytes = Number(end - offset);
    const data = options.into ? options.into.subarray(0, bytes) : new Uint8Array(bytes);
    const read = await this.#reader.read(offset, data);
    if (read.bytes < bytes) {
      throw new SectorscopeError(
        'IO',
        `${this.identity.path} gave ${read.bytes} of ${bytes} bytes at ${offset}: the image ends ` +
          'before the size it declares.',
      );
    }
    return { data, short, unreadable: this.#unreadable(read.bad, offset, end) };
  }

  close(): Promise<void> {
    return this.#reader.close();
  }

  /** Every sector of the bad runs that the range [offset, end) overlaps. */
  #unreadable(runs: BadRun[], offset: bigint, end: bigint): UnreadableSector[] {
    const sectorSize = BigInt(this.geometry.logicalSectorSize);
    const first = offset / sectorSize;
    const last = (end - 1n) / sectorSize;
    const error = this.#missingData
      ? ({
          code: 'IMAGE_MISSING_DATA',
          message:
            'the image lacks its data (a missing or cut-short segment), or its chunk failed ' +
            'its checksum',
        } as const)
      : ({
          code: 'IMAGE_CHECKSUM',
          message: 'its chunk in the image failed its checksum',
        } as const);
    const unreadable: UnreadableSector[] = [];
    for (const [start, count] of runs) {
      const from = start > first ? start : first;
      const runLast = start + count - 1n;
      const to = runLast < last ? runLast : last;
      for (let lba = from; lba <= to; lba++) unreadable.push({ lba, error });
    }
    return unreadable.sort((a, b) => (a.lba < b.lba ? -1 : a.lba > b.lba ? 1 : 0));
  }
}
