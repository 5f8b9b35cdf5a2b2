import assert from 'node:assert/strict';
import { test } from 'node:test';
import type {
  DiskApi,
  MapCellView,
  MapResult,
  MethodName,
  Params,
  Result,
  ServerEvent,
} from '../../../../electron/shared/contract';
import { emptyCellView } from '../../../../electron/shared/content-map';
import { JobStore } from '../../jobs/job-store';
import { ContentMapStore, shownCells } from '../map-store';

const DISK = { session: 's1', path: '/images/disk.img' };

function cell(index: number, change: Partial<MapCellView> = {}): MapCellView {
  return { ...emptyCellView(index, BigInt(index * 8), BigInt(index * 8 + 7)), ...change };
}

/** A service with map jobs whose cells the test sets; it records every call. */
class FakeService {
  readonly calls: { method: MethodName; params: unknown }[] = [];
  readonly cells = new Map<
    string,
    { revision: number; changed: Map<number, [number, MapCellView]> }
  >();
  private jobs = 0;
  failMapCells = false;

  setCells(job: string, cells: MapCellView[]): void {
    const store = this.cells.get(job) ?? { revision: 0, changed: new Map() };
    store.revision++;
    for (const c of cells) store.changed.set(c.index, [store.revision, c]);
    this.cells.set(job, store);
  }

  readonly api: DiskApi = {
    transport: 'browser',
    onEvent: () => () => undefined,
    call: async <M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> => {
      this.calls.push({ method, params });
      await Promise.resolve();
      if (method === 'startJob') {
        const job = `job-${++this.jobs}`;
        this.setCells(job, [cell(0), cell(1), cell(2)]);
        return { job } as Result<M>;
      }
      if (method === 'mapCells') {
        const { job, since = 0 } = params as Params<'mapCells'>;
        const store = this.cells.get(job);
        if (!store || this.failMapCells) throw new Error('No map job with that id');
        const cells = [...store.changed.values()].filter(([r]) => r > since).map(([, c]) => c);
        return { revision: store.revision, cells, running: true } as Result<M>;
      }
      return null as Result<M>;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function progress(job: string): ServerEvent {
  return {
    type: 'jobProgress',
    job,
    progress: { bytesDone: '1', bytesTotal: '2', rate: 1, secondsLeft: 1, badSectors: 0 },
  };
}

function done(job: string, result: Partial<MapResult> = {}): ServerEvent {
  return {
    type: 'jobDone',
    job,
    status: 'done',
    result: {
      kind: 'map',
      mode: 'quick',
      image: { format: 'raw', size: '12288', logicalSectorSize: 512, storedHashes: {} },
      lba: '0',
      count: '24',
      cells: [],
      samplesPerCell: 8,
      unitBytes: 4096,
      rules: 1,
      bytes: '0',
      badSectors: [],
      seconds: 0,
      ...result,
    },
  };
}

test('a quick map: filed in the job list, its cells fetched on each event since the last', async () => {
  const service = new FakeService();
  const jobs = new JobStore();
  const store = new ContentMapStore(service.api, jobs, DISK);
  const stop = store.attach();
  await store.start('quick');
  await settle();
  const [start] = service.calls;
  assert.deepEqual(start, {
    method: 'startJob',
    params: { session: 's1', spec: { kind: 'map', mode: 'quick' } },
  });
  assert.deepEqual(
    jobs.getSnapshot().map((job) => [job.id, job.kind, job.label, job.diskPath]),
    [['job-1', 'map', 'quick map of the whole disk', '/images/disk.img']],
  );
  assert.equal(store.getSnapshot().cells.length, 3, 'the first reply lays out every cell');
  assert.ok(store.getSnapshot().cells.every((c) => c.class === null));

  service.setCells('job-1', [cell(1, { class: 'text', entropy: 4.2 })]);
  jobs.apply(progress('job-1'));
  await settle();
  await settle();
  const sinces = service.calls
    .filter((call) => call.method === 'mapCells')
    .map((call) => (call.params as Params<'mapCells'>).since);
  // The first call asks for everything, the next ones for what changed after the revision
  // the last reply gave.
  assert.deepEqual([...new Set(sinces)], [0, 1]);
  assert.deepEqual(
    store.getSnapshot().cells.map((c) => c.class),
    [null, 'text', null],
  );
  assert.equal(store.getSnapshot().levels[0]?.quick?.progress?.bytesDone, '1');

  service.setCells('job-1', [cell(0, { class: 'zero' }), cell(2, { class: 'random' })]);
  jobs.apply(done('job-1', { badSectors: ['17', '3'] }));
  await settle();
  await settle();
  const state = store.getSnapshot();
  assert.deepEqual(
    state.cells.map((c) => c.class),
    ['zero', 'text', 'random'],
    'the call on jobDone brings the last cells',
  );
  assert.equal(state.levels[0]?.quick?.status, 'done');
  assert.deepEqual(state.badSectors, ['3', '17']);
  stop();
});

test("refine: the full map's cells replace the quick map's as each is read whole", async () => {
  const service = new FakeService();
  const jobs = new JobStore();
  const store = new ContentMapStore(service.api, jobs, DISK);
  const stop = store.attach();
  await store.start('quick');
  service.setCells(
    'job-1',
    [0, 1, 2].map((i) => cell(i, { class: 'zero' })),
  );
  jobs.apply(done('job-1'));
  await settle();
  await settle();
  await store.start('full');
  await settle();
  await settle();
  assert.deepEqual(
    store.getSnapshot().cells.map((c) => c.class),
    ['zero', 'zero', 'zero'],
    'pending cells of the full map leave the quick ones on view',
  );
  service.setCells('job-2', [cell(1, { class: 'text', exact: true })]);
  jobs.apply(progress('job-2'));
  await settle();
  await settle();
  assert.deepEqual(
    store.getSnapshot().cells.map((c) => [c.class, c.exact]),
    [
      ['zero', false],
      ['text', true],
      ['zero', false],
    ],
  );
  assert.equal(store.getSnapshot().levels[0]?.quick?.status, 'done', 'the quick map stays');
  stop();
});

test("cells the service no longer keeps come from the finished job's result", async () => {
  const service = new FakeService();
  const jobs = new JobStore();
  const store = new ContentMapStore(service.api, jobs, DISK);
  const stop = store.attach();
  await store.start('quick');
  await settle();
  service.failMapCells = true;
  jobs.apply(done('job-1', { cells: [0, 1, 2].map((i) => cell(i, { class: 'fill' })) }));
  await settle();
  await settle();
  assert.deepEqual(
    store.getSnapshot().cells.map((c) => c.class),
    ['fill', 'fill', 'fill'],
  );
  stop();
});

test('a range zoomed into is mapped on top; Back cancels its map and shows the disk again', async () => {
  const service = new FakeService();
  const jobs = new JobStore();
  const store = new ContentMapStore(service.api, jobs, DISK);
  const stop = store.attach();
  await store.start('quick');
  await settle();
  await store.zoomInto({ lba: 8n, count: 16n });
  await settle();
  const starts = service.calls.filter((call) => call.method === 'startJob');
  assert.deepEqual(starts[1]?.params, {
    session: 's1',
    spec: { kind: 'map', mode: 'quick' },
    range: { lba: '8', count: '16' },
  });
  assert.equal(jobs.getSnapshot()[0]?.label, 'quick map of LBA 8–23');
  assert.equal(store.getSnapshot().levels.length, 2);
  store.up();
  await settle();
  assert.equal(store.getSnapshot().levels.length, 1);
  assert.ok(
    service.calls.some(
      (call) => call.method === 'cancelJob' && (call.params as { job: string }).job === 'job-2',
    ),
  );
  assert.ok(
    !service.calls.some(
      (call) => call.method === 'cancelJob' && (call.params as { job: string }).job === 'job-1',
    ),
    "the whole disk's map goes on",
  );
  stop();
});

test('a start the service refuses leaves its reason on the level', async () => {
  const jobs = new JobStore();
  const api: DiskApi = {
    transport: 'browser',
    onEvent: () => () => undefined,
    call: async () => {
      throw new Error('4 jobs are running already');
    },
  };
  const store = new ContentMapStore(api, jobs, DISK);
  await store.start('quick');
  assert.equal(store.getSnapshot().levels[0]?.error, '4 jobs are running already');
  assert.equal(jobs.getSnapshot().length, 0);
});

test("shown cells: a full map's where exact, the quick map's elsewhere", () => {
  const quick = {
    job: 'q',
    mode: 'quick' as const,
    status: 'done' as const,
    progress: null,
    result: null,
    error: null,
  };
  const level = {
    range: null,
    error: null,
    quick: { ...quick, cells: [cell(0, { class: 'zero' }), cell(1, { class: 'zero' })] },
    full: {
      ...quick,
      job: 'f',
      mode: 'full' as const,
      cells: [cell(0), cell(1, { class: 'text', exact: true })],
    },
  };
  assert.deepEqual(
    shownCells(level).map((c) => c.class),
    ['zero', 'text'],
  );
});
