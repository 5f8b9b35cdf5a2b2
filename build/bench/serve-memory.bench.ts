// Section: what careless or hostile browser clients make `sectorscope serve` hold. The built CLI
// serves a 64 GiB sparse image; a client asks for 2,000 reads of 1 MiB and never reads a byte
// of the answers (the server must stop serving it, not buffer 2 GB), then another pipelines
// 10,000 reads of 64 KiB (the grid's page) and reads them all (the memory must come back). The
// peer is the target itself: within 50 MB of where it started for the pipelined reads (made
// first), and 300 MB at the peak for the client that never reads.

import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { CLI, startServe, type ServeProcess } from '../../e2e/support/serve-process';
import { frame, rawWebSocket } from '../../electron/server/test/helpers/raw-websocket';
import { call, connect, ok } from '../../electron/server/test/helpers/ws-client';
import { makeSparseFile } from './data-files';
import { MB, readProcessMemory } from './proc-memory';
import { readSectionArgs, runSection } from './section-args';
import { ratioOf, writeSectionResult, type BenchRow } from './section-result';

const IMAGE_BYTES = 64n * 1024n ** 3n;
const NON_READER_REQUESTS = 2000;
const PIPELINED_REQUESTS = 10_000;
const TARGET_NON_READER_MB = 300;
const TARGET_RETURN_MB = 50;

/** The peak of the serve process's RSS over `ms`, sampled every 50 ms. */
async function peakRss(pid: number, ms: number): Promise<number> {
  let peak = 0;
  for (let waited = 0; waited < ms; waited += 50) {
    peak = Math.max(peak, readProcessMemory(pid).rssBytes);
    await sleep(50);
  }
  return peak;
}

/** Sends `count` readSectors requests at once and waits for every answer. */
function pipelinedReads(ws: WebSocket, session: string, count: number, sectors: number) {
  return new Promise<void>((resolve, reject) => {
    let answered = 0;
    ws.on('message', () => {
      if (++answered === count) resolve();
    });
    ws.once('close', () => reject(new Error(`the connection closed after ${answered} answers`)));
    const sectorCount = Number(IMAGE_BYTES / 512n);
    for (let id = 1; id <= count; id++) {
      const lba = String(((id * 7919) % (sectorCount / sectors)) * sectors);
      ws.send(
        JSON.stringify({
          id: 1000 + id,
          method: 'readSectors',
          params: { session, lba, count: sectors },
        }),
      );
    }
  });
}

function goal(measure: string, value: number, target: number): BenchRow {
  return {
    measure,
    unit: 'MB',
    value,
    peer: 'target',
    peerValue: target,
    ratio: ratioOf(value, target),
    target: `<= ${target} MB`,
    met: value <= target,
  };
}

function info(measure: string, value: number): BenchRow {
  return {
    measure,
    unit: 'MB',
    value,
    peer: '',
    peerValue: null,
    ratio: null,
    target: null,
    met: null,
  };
}

runSection(async () => {
  const args = readSectionArgs();
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first.`);
  const image = makeSparseFile(args.dataDir, 'sparse-64GiB.img', IMAGE_BYTES, new Map());
  const pipelined = args.quick ? PIPELINED_REQUESTS / 5 : PIPELINED_REQUESTS;
  let serve: ServeProcess | undefined;
  try {
    serve = await startServe([image]);
    const pid = serve.child.pid;
    if (pid === undefined) throw new Error('the serve process has no pid');
    const wsUrl = `${serve.url.replace('http', 'ws')}ws`;
    const origin = `http://127.0.0.1:${serve.port}`;
    const page = await connect(wsUrl, origin);
    const [source] = ok(await call(page, 1, 'listSources', {}));
    if (!source) throw new Error('serve lists no source');
    const { session } = ok(await call(page, 2, 'open', { source: source.id }));
    ok(await call(page, 3, 'readSectors', { session, lba: '0', count: 128 }));
    const atStart = readProcessMemory(pid).rssBytes;

    // A client that pipelines 10,000 page reads and reads every answer.
    console.error(`bench: ${pipelined} pipelined reads of 64 KiB`);
    const started = performance.now();
    await pipelinedReads(page, session, pipelined, 128);
    const seconds = (performance.now() - started) / 1000;
    // The service gives memory back 1 s and 3 s after the last read (service/idle-memory.ts).
    await sleep(4000);
    const afterPipelined = readProcessMemory(pid).rssBytes;
    // A client that asks for 2,000 MiB and reads nothing.
    console.error(`bench: ${NON_READER_REQUESTS} reads of 1 MiB from a client that never reads`);
    const silent = await rawWebSocket(serve.url);
    silent.pause();
    for (let id = 1; id <= NON_READER_REQUESTS; id++) {
      const lba = String(id * 2048);
      const request = { id, method: 'readSectors', params: { session, lba, count: 2048 } };
      silent.write(frame(0x1, Buffer.from(JSON.stringify(request))));
    }
    const nonReaderPeak = await peakRss(pid, args.quick ? 2000 : 5000);
    silent.destroy();
    await sleep(500);

    page.close();

    const rows: BenchRow[] = [
      goal(
        `serve RSS, peak with a client that never reads (${NON_READER_REQUESTS} x 1 MiB asked)`,
        nonReaderPeak / MB,
        TARGET_NON_READER_MB,
      ),
      goal(
        `serve RSS growth after ${pipelined} pipelined 64 KiB reads (4 s later)`,
        Math.max(0, afterPipelined - atStart) / MB,
        TARGET_RETURN_MB,
      ),
      info('serve RSS after the first page of the session', atStart / MB),
      info(`serve RSS 4 s after the pipelined reads`, afterPipelined / MB),
    ];
    writeSectionResult(args.out, {
      id: 'serve-memory',
      title: `serve under careless clients, ${IMAGE_BYTES / 1024n ** 3n} GiB sparse image`,
      rows,
      notes: [
        `Served by: node ${CLI} serve ${image} --port 0 (pid ${pid}); RSS from /proc/PID/status, MB = 10^6 bytes.`,
        `The silent client completed a WebSocket handshake by hand, paused its socket, and wrote ${NON_READER_REQUESTS} readSectors requests of 2048 sectors; RSS was sampled every 50 ms while they waited.`,
        `The pipelined client sent ${pipelined} readSectors requests of 128 sectors without waiting and read every answer in ${seconds.toFixed(2)} s (${Math.round(pipelined / seconds)} answers/s).`,
      ],
    });
  } finally {
    await serve?.stop();
  }
});
