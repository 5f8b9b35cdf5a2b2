// A content map through the service, as the viewer will draw it: startJob with a map spec,
// then mapCells on each jobProgress (and once more on jobDone) with the revision it last got,
// until the cells it has put together equal the job's result.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../jobs/test/job-test-support';
import { writeRegionImage } from '../../jobs/test/map-images';
import type {
  MapCellsUpdate,
  MapCellView,
  MapResult,
  ServerEvent,
  WireReply,
} from '../../shared/contract';
import { DiskService } from '../disk-service';

function value<T>(reply: WireReply<unknown>): T {
  if (!reply.ok) assert.fail(`${reply.error.code}: ${reply.error.message}`);
  return reply.value as T;
}

test('mapCells gives a map job its cells as they change, and the last revision equals the result', async (t) => {
  const path = join(tempDir(t, 'sectorscope-map-service-'), 'regions.img');
  writeRegionImage(path, [
    { kind: 'text', bytes: 1024 * 1024 },
    { kind: 'random', bytes: 1024 * 1024 },
  ]);
  const service = new DiskService({});
  t.after(() => service.dispose());
  const { session } = value<{ session: string }>(
    await service.handle('open', { source: service.sources.add(path).id }),
  );

  const cells = new Map<number, MapCellView>();
  let revision = 0;
  let polls: Promise<void> = Promise.resolve();
  let job = '';
  const poll = () => {
    polls = polls.then(async () => {
      const update = value<MapCellsUpdate>(
        await service.handle('mapCells', { job, since: revision }),
      );
      assert.ok(update.revision >= revision);
      for (const cell of update.cells) cells.set(cell.index, cell);
      revision = update.revision;
    });
  };
  const done = new Promise<Extract<ServerEvent, { type: 'jobDone' }>>((resolve) =>
    service.onEvent((event) => {
      if (event.type === 'jobProgress' && event.job === job) poll();
      if (event.type === 'jobDone' && event.job === job) {
        poll();
        resolve(event);
      }
    }),
  );
  job = value<{ job: string }>(
    await service.handle('startJob', { session, spec: { kind: 'map', mode: 'full', cells: 16 } }),
  ).job;
  const end = await done;
  await polls;
  assert.equal(end.status, 'done');
  const result = end.result as MapResult;
  assert.deepEqual(
    result.cells.map((cell) => cell.class),
    [...Array(8).fill('text'), ...Array(8).fill('random')],
  );
  assert.deepEqual(
    [...cells.keys()].sort((a, b) => a - b).map((i) => cells.get(i)),
    result.cells,
  );

  // Nothing changes after the last revision; the whole map again from 0; kept after the end.
  const after = value<MapCellsUpdate>(await service.handle('mapCells', { job, since: revision }));
  assert.deepEqual(after, { revision, cells: [], running: false });
  const all = value<MapCellsUpdate>(await service.handle('mapCells', { job }));
  assert.deepEqual(all.cells, result.cells);

  for (const [params, message] of [
    [{ job, since: -1 }, /"since" must be/],
    [{ job, since: '3' }, /"since" must be/],
    [{ job: 'no-such-job' }, /No map job/],
    [{}, /"job" must be/],
  ] as const) {
    const reply = await service.handle('mapCells', params);
    assert.equal(reply.ok, false);
    if (!reply.ok) {
      assert.equal(reply.error.code, 'INVALID_ARGUMENT');
      assert.match(reply.error.message, message);
    }
  }
});
