// The body of an image thread: opens one evidence image with libewf or libtsk and serves its
// reads one at a time, into SharedArrayBuffers of its owner. The libraries' calls block (they
// read and decompress segment files), so they run here, never on the event loop or libuv's pool.

import { parentPort, workerData } from 'node:worker_threads';
import { NativeDiskError } from '../native-disk-error';
import { openEwf, type EwfImage } from './ewf-binding';
import type { BadRun, FromImageThread, ImageThreadData, ToImageThread } from './image-protocol';
import { openTskImage } from './tsk-image-binding';

interface OpenImage {
  sectorSize: bigint;
  read(offset: bigint, target: Uint8Array): number;
  /** Bad sector runs the library knows of now. */
  badRuns(): BadRun[];
  close(): void;
}

function overlapping(runs: BadRun[], first: bigint, end: bigint): BadRun[] {
  return runs.filter(([start, count]) => start < end && start + count > first);
}

function openImage(data: ImageThreadData, post: (message: FromImageThread) => void): OpenImage {
  if (data.library === 'ewf') {
    const image: EwfImage = openEwf(data.path);
    post({
      type: 'opened',
      description: {
        size: image.size,
        sectorSize: image.sectorSize,
        formatName: image.formatName,
        segments: image.segments,
        metadata: image.metadata,
        storedHashes: image.storedHashes,
        library: `libewf ${image.libraryVersion}`,
      },
    });
    return {
      sectorSize: BigInt(image.sectorSize),
      read: (offset, target) => image.read(offset, target),
      badRuns: () => image.checksumErrors().map(({ start, count }): BadRun => [start, count]),
      close: () => image.close(),
    };
  }
  const image = openTskImage(data.path, data.kind);
  post({
    type: 'opened',
    description: {
      size: image.size,
      sectorSize: image.sectorSize,
      formatName: image.typeName,
      segments: [data.path],
      metadata: {},
      storedHashes: {},
      library: `libtsk ${image.libraryVersion}`,
    },
  });
  return {
    sectorSize: BigInt(image.sectorSize),
    read: (offset, target) => image.read(offset, target),
    badRuns: () => [],
    close: () => image.close(),
  };
}

function failure(error: unknown): { code: NativeDiskError['code']; message: string } {
  if (error instanceof NativeDiskError) return { code: error.code, message: error.message };
  return { code: 'IO', message: error instanceof Error ? error.message : String(error) };
}

function serve(data: ImageThreadData): void {
  const port = parentPort;
  if (!port) throw new Error('image-thread-worker runs only as a worker thread');
  const post = (message: FromImageThread) => port.postMessage(message);
  let image: OpenImage;
  try {
    image = openImage(data, post);
  } catch (error) {
    post({ type: 'open-failed', ...failure(error) });
    port.close();
    return;
  }
  port.on('message', (message: ToImageThread) => {
    if (message.type === 'close') {
      image.close();
      port.close();
      return;
    }
    const { id, offset, length, buffer, byteOffset } = message;
    try {
      const bytes = image.read(offset, new Uint8Array(buffer, byteOffset, length));
      const { sectorSize } = image;
      const first = offset / sectorSize;
      const end = (offset + BigInt(length) + sectorSize - 1n) / sectorSize;
      post({ type: 'read', id, bytes, bad: overlapping(image.badRuns(), first, end) });
    } catch (error) {
      post({ type: 'read-failed', id, ...failure(error) });
    }
  });
}

serve(workerData as ImageThreadData);
