import type {
  DiskApi,
  MethodName,
  Params,
  Result,
  SectorData,
} from '../../../../electron/shared/contract';

/** The byte the fake disk holds at `offset`: it varies, so a byte from the wrong place shows. */
export function byteAt(offset: number): number {
  return (offset * 7 + (offset >> 8)) & 0xff;
}

interface PendingRead {
  lba: bigint;
  count: number;
  resolve: (data: SectorData) => void;
  reject: (error: Error) => void;
}

/**
 * A DiskApi whose readSectors calls wait until the test answers them: it records every call and
 * replies with byteAt() for each byte of the sectors asked for (as the service does, whole
 * sectors even past the end of an odd-sized image).
 */
export class FakeDiskApi implements DiskApi {
  readonly transport = 'browser';
  /** Every readSectors call, in order. */
  readonly reads: { lba: bigint; count: number }[] = [];
  private readonly pending: PendingRead[] = [];

  constructor(private readonly sectorSize: number) {}

  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
    if (method !== 'readSectors') throw new Error(`unexpected call ${method}`);
    const { lba, count } = params as Params<'readSectors'>;
    this.reads.push({ lba: BigInt(lba), count });
    return new Promise<SectorData>((resolve, reject) => {
      this.pending.push({ lba: BigInt(lba), count, resolve, reject });
    }) as Promise<Result<M>>;
  }

  onEvent(): () => void {
    return () => undefined;
  }

  /** First LBAs of the reads not answered yet, in the order they were asked. */
  get waiting(): bigint[] {
    return this.pending.map((read) => read.lba);
  }

  /** Answers the read starting at `lba`, with `unreadable` LBAs listed (and zero-filled). */
  answer(lba: bigint, unreadable: bigint[] = []): Promise<void> {
    const read = this.take(lba);
    const first = Number(read.lba) * this.sectorSize;
    const data = new Uint8Array(read.count * this.sectorSize).map((_, i) => byteAt(first + i));
    for (const bad of unreadable) {
      const from = Number(bad - read.lba) * this.sectorSize;
      data.fill(0, from, from + this.sectorSize);
    }
    read.resolve({
      lba: read.lba.toString(),
      count: read.count,
      data,
      unreadable: unreadable.map(String),
      unreadableReasons: unreadable.map(() => 'Input/output error (EIO)'),
    });
    return settled();
  }

  /** Fails the read starting at `lba`, with `error` (or an Error with that message). */
  fail(lba: bigint, error: Error | string): Promise<void> {
    this.take(lba).reject(typeof error === 'string' ? new Error(error) : error);
    return settled();
  }

  /** Answers every waiting read, and those the answers start, until none is left. */
  async answerAll(): Promise<void> {
    while (this.pending.length > 0) {
      const [first] = this.pending;
      if (first) await this.answer(first.lba);
    }
  }

  private take(lba: bigint): PendingRead {
    const index = this.pending.findIndex((read) => read.lba === lba);
    const [read] = index >= 0 ? this.pending.splice(index, 1) : [];
    if (!read)
      throw new Error(`no read waiting at LBA ${lba}; waiting: ${this.waiting.join(', ')}`);
    return read;
  }
}

/** Lets the store's awaits on a reply run to completion. */
function settled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
