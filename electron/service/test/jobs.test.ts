// Jobs through the service, as the renderer drives them: startJob, the jobProgress / jobHits /
// jobDone events, cancelJob, and exports through the save-dialog hook. Real files; coreutils,
// dd and grep are the oracles.

import assert from 'node:assert/strict';
import {
  closeSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  coreutilsDigest,
  ddBytes,
  grepOffsets,
  writeImage,
} from '../../jobs/test/job-test-support';
import type {
  ExportResult,
  HashResult,
  SearchResult,
  ServerEvent,
  ServiceEvent,
  WireReply,
} from '../../shared/contract';
import { DiskService, type DiskServiceOptions, type ExportChoice } from '../disk-service';

type JobDone = Extract<ServerEvent, { type: 'jobDone' }>;

function value<T>(reply: WireReply<unknown>): T {
  if (!reply.ok) assert.fail(`${reply.error.code}: ${reply.error.message}`);
  return reply.value as T;
}

function expectError(reply: WireReply<unknown>, code: string, message?: RegExp) {
  assert.equal(reply.ok, false, `expected ${code}, got success`);
  if (reply.ok) return;
  assert.equal(reply.error.code, code, reply.error.message);
  if (message) assert.match(reply.error.message, message);
}

/** A service with one open session on `path`, and every event it sends. */
async function openService(path: string, options: Partial<DiskServiceOptions> = {}) {
  const service = new DiskService({ ...options });
  const events: ServiceEvent[] = [];
  const waiters = new Map<string, (event: JobDone) => void>();
  service.onEvent((event) => {
    events.push(event);
    if (event.type === 'jobDone') waiters.get(event.job)?.(event);
  });
  const source = service.sources.add(path);
  const { session } = value<{ session: string }>(
    await service.handle('open', { source: source.id }),
  );
  const done = (job: string) =>
    new Promise<JobDone>((resolve) => {
      const already = events.find((e): e is JobDone => e.type === 'jobDone' && e.job === job);
      if (already) resolve(already);
      else waiters.set(job, resolve);
    });
  const start = async (params: Record<string, unknown>) =>
    service.handle('startJob', { session, ...params });
  return { service, session, events, done, start };
}

describe('jobs through the service', () => {
  let dir: string;
  let image: string;
  const size = 6 * 1024 * 1024 + 512;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sectorscope-service-jobs-'));
    image = join(dir, 'disk.img');
    const mark = Buffer.from('FILE0');
    writeImage(image, size, [
      { offset: 1000, bytes: mark },
      { offset: 4 * 1024 * 1024 - 2, bytes: mark },
      { offset: size - 5, bytes: mark },
    ]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a hash job reports progress, then its digests as jobDone', async (t) => {
    const { service, events, done, start } = await openService(image);
    t.after(() => service.dispose());
    const { job } = value<{ job: string }>(
      await start({ spec: { kind: 'hash', algorithms: ['sha256', 'md5'] } }),
    );
    const end = await done(job);
    assert.equal(end.status, 'done', JSON.stringify(end.error));
    const result = end.result as HashResult;
    assert.deepEqual(result.digests, {
      md5: coreutilsDigest('md5sum', image),
      sha256: coreutilsDigest('sha256sum', image),
    });
    assert.equal(result.bytes, String(size));
    const progress = events.filter((e) => e.type === 'jobProgress' && e.job === job);
    assert.ok(progress.length >= 1, 'at least one progress report');
    const last = progress.at(-1);
    assert.ok(last?.type === 'jobProgress');
    assert.equal(last.progress.bytesDone, String(size));
    assert.equal(last.progress.bytesTotal, String(size));
    assert.equal(last.progress.badSectors, 0);
  });

  test('a search job streams its hits as jobHits, in order, equal to grep', async (t) => {
    const { service, events, done, start } = await openService(image);
    t.after(() => service.dispose());
    const { job } = value<{ job: string }>(
      await start({ spec: { kind: 'search', pattern: { type: 'text', value: 'FILE0' } } }),
    );
    const end = await done(job);
    assert.equal(end.status, 'done');
    const offsets = events
      .filter((e) => e.type === 'jobHits' && e.job === job)
      .flatMap((e) => (e.type === 'jobHits' ? e.hits.map((h) => BigInt(h.offset)) : []));
    assert.deepEqual(offsets, grepOffsets(image, 'FILE0', 5));
    assert.equal((end.result as SearchResult).hits, offsets.length);
  });

  test('two jobs at once both finish with the right answers', async (t) => {
    const { service, done, start } = await openService(image);
    t.after(() => service.dispose());
    const jobs = await Promise.all([
      start({ spec: { kind: 'hash', algorithms: ['sha1'] } }),
      start({ spec: { kind: 'hash', algorithms: ['sha1'] }, range: { lba: '8', count: '100' } }),
    ]);
    const [whole, part] = await Promise.all(jobs.map((r) => done(value<{ job: string }>(r).job)));
    assert.equal((whole?.result as HashResult).digests.sha1, coreutilsDigest('sha1sum', image));
    const partBytes = ddBytes(image, 512, 8n, 100n);
    const partFile = join(dir, 'part.bin');
    writeFileSync(partFile, partBytes);
    assert.equal((part?.result as HashResult).digests.sha1, coreutilsDigest('sha1sum', partFile));
  });

  test('every malformed request is refused before any job starts', async (t) => {
    let dialogs = 0;
    const { service, events, start } = await openService(image, {
      chooseExportPath: async () => {
        dialogs++;
        return null;
      },
    });
    t.after(() => service.dispose());
    const sectors = String(Math.ceil(size / 512));
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ spec: { kind: 'hash', algorithms: [] } }, 'INVALID_ARGUMENT', /at least one of md5/],
      [
        { spec: { kind: 'hash', algorithms: ['crc32'] } },
        'INVALID_ARGUMENT',
        /Unknown hash algorithm "crc32"/,
      ],
      [{ spec: { kind: 'hash' } }, 'INVALID_ARGUMENT', /"algorithms" must list/],
      [{ spec: { kind: 'wipe' } }, 'INVALID_ARGUMENT', /"spec.kind" must be/],
      [{ spec: 'hash' }, 'INVALID_ARGUMENT', /"spec" must be an object/],
      [
        { spec: { kind: 'search', pattern: { type: 'hex', value: '4E 5Z' } } },
        'INVALID_ARGUMENT',
        /"5Z" \(byte 2\) is not a hex byte/,
      ],
      [
        { spec: { kind: 'search', pattern: { type: 'text', value: '' } } },
        'INVALID_ARGUMENT',
        /empty/,
      ],
      [
        { spec: { kind: 'search', pattern: { type: 'regex', value: 'a.b' } } },
        'INVALID_ARGUMENT',
        /"pattern.type" must be/,
      ],
      [
        { spec: { kind: 'search', pattern: { type: 'hex', value: '00' }, maxHits: 0 } },
        'INVALID_ARGUMENT',
        /"maxHits" must be/,
      ],
      [
        { spec: { kind: 'hash', algorithms: ['md5'] }, range: { lba: '0', count: '0' } },
        'INVALID_ARGUMENT',
        /at least one sector/,
      ],
      [
        { spec: { kind: 'hash', algorithms: ['md5'] }, range: { lba: '-1', count: '1' } },
        'INVALID_ARGUMENT',
        /"range.lba" must be a whole number/,
      ],
      [
        { spec: { kind: 'hash', algorithms: ['md5'] }, range: { lba: sectors, count: '1' } },
        'OUT_OF_RANGE',
        /past the end of the disk/,
      ],
      [
        { spec: { kind: 'export' }, range: { lba: '1', count: sectors } },
        'OUT_OF_RANGE',
        /run past the end of the disk/,
      ],
      [
        { spec: { kind: 'hash', algorithms: ['md5'] }, retries: 99 },
        'INVALID_ARGUMENT',
        /"retries"/,
      ],
    ];
    for (const [params, code, message] of cases) {
      expectError(await start(params), code, message);
    }
    expectError(
      await service.handle('startJob', {
        session: 'nope',
        spec: { kind: 'hash', algorithms: ['md5'] },
      }),
      'NO_SESSION',
    );
    assert.equal(dialogs, 0, 'no save dialog for a request that is refused anyway');
    assert.deepEqual(
      events.filter((e) => e.type !== 'sourceAdded'),
      [],
    );
  });

  test('export: refused in browser mode, cancelled in its dialog, or written where chosen', async (t) => {
    const browser = await openService(image);
    t.after(() => browser.service.dispose());
    expectError(
      await browser.start({ spec: { kind: 'export' }, range: { lba: '0', count: '1' } }),
      'UNSUPPORTED',
      /browser mode needs a folder.*--export-dir.*sectorscope export/,
    );

    const answers: (ExportChoice | null)[] = [];
    const suggestions: string[] = [];
    const desktop = await openService(image, {
      chooseExportPath: async (suggested) => {
        suggestions.push(suggested);
        return answers.shift() ?? null;
      },
    });
    t.after(() => desktop.service.dispose());
    const range = { lba: '3', count: '9000' };

    answers.push(null);
    assert.equal(value(await desktop.start({ spec: { kind: 'export' }, range })), null);
    assert.deepEqual(suggestions, ['disk-lba3-9000.img']);

    const out = join(dir, 'export.bin');
    answers.push(out);
    const { job } = value<{ job: string }>(
      await desktop.start({ spec: { kind: 'export' }, range }),
    );
    const end = await desktop.done(job);
    assert.equal(end.status, 'done', JSON.stringify(end.error));
    const result = end.result as ExportResult;
    assert.deepEqual(readFileSync(out), ddBytes(image, 512, 3n, 9000n));
    assert.equal(result.sha256, coreutilsDigest('sha256sum', out));
    assert.equal(result.destination, out);

    // The same name again: the dialog did not say to replace it, so it is left alone.
    answers.push(out);
    expectError(
      await desktop.start({ spec: { kind: 'export' }, range: { lba: '0', count: '1' } }),
      'INVALID_ARGUMENT',
      /already exists and is left as it is/,
    );
    assert.deepEqual(readFileSync(out), ddBytes(image, 512, 3n, 9000n));
    // The dialog asked and the user agreed: replaced.
    answers.push({ path: out, overwrite: true });
    const replaced = value<{ job: string }>(
      await desktop.start({ spec: { kind: 'export' }, range: { lba: '0', count: '2' } }),
    );
    assert.equal((await desktop.done(replaced.job)).status, 'done');
    assert.deepEqual(readFileSync(out), ddBytes(image, 512, 0n, 2n));

    // Never the disk being examined, even when the dialog said to replace it.
    const before = coreutilsDigest('md5sum', image);
    answers.push({ path: image, overwrite: true });
    expectError(
      await desktop.start({ spec: { kind: 'export' }, range: { lba: '0', count: '1' } }),
      'INVALID_ARGUMENT',
      /the disk or image being examined/,
    );
    assert.equal(coreutilsDigest('md5sum', image), before);
  });
});

describe('cancelling jobs through the service', () => {
  let dir: string;
  let sparse: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sectorscope-service-cancel-'));
    sparse = join(dir, 'sparse.img');
    const fd = openSync(sparse, 'w');
    ftruncateSync(fd, 64 * 1024 * 1024 * 1024);
    closeSync(fd);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('cancelJob ends a running job as cancelled within a second', async (t) => {
    const { service, events, done, start } = await openService(sparse);
    t.after(() => service.dispose());
    const { job } = value<{ job: string }>(
      await start({ spec: { kind: 'hash', algorithms: ['md5', 'sha1', 'sha256'] } }),
    );
    while (!events.some((e) => e.type === 'jobProgress' && e.job === job)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const started = performance.now();
    assert.equal(value(await service.handle('cancelJob', { job })), null);
    const end = await done(job);
    const latency = performance.now() - started;
    assert.equal(end.status, 'cancelled');
    assert.equal(end.result, undefined);
    assert.ok(latency < 1000, `cancel took ${latency} ms`);
    // A late second cancel is harmless; an id never handed out is an error.
    assert.equal(value(await service.handle('cancelJob', { job })), null);
    expectError(
      await service.handle('cancelJob', { job: 'no-such-job' }),
      'INVALID_ARGUMENT',
      /No job has the id/,
    );
    expectError(await service.handle('cancelJob', {}), 'INVALID_ARGUMENT', /"job"/);
  });

  test('too many jobs at once are refused with a reason; dispose cancels the rest', async (t) => {
    const { service, done, start } = await openService(sparse, { maxRunningJobs: 1 });
    t.after(() => service.dispose());
    const { job } = value<{ job: string }>(
      await start({ spec: { kind: 'hash', algorithms: ['md5'] } }),
    );
    expectError(
      await start({ spec: { kind: 'hash', algorithms: ['md5'] } }),
      'UNSUPPORTED',
      /A job is running already, the most at once.*cancel one/,
    );
    const started = performance.now();
    await service.dispose();
    assert.equal((await done(job)).status, 'cancelled');
    assert.ok(performance.now() - started < 1500);
  });
});
