import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SectorscopeError, type DiskGeometry } from '../../../../electron/shared/contract';
import { ConnectionLostError } from '../../api/connection-lost';
import { PageStore } from '../page-store';
import { byteAt, FakeDiskApi } from './fake-disk-api';

const SECTOR = 512;
/** Two sectors a page, so that page N starts at LBA 2N. */
const PAGE = 1024;
const PAGES = 20;

function geometry(size: number): DiskGeometry {
  return {
    path: '/dev/fake',
    kind: 'file',
    size: String(size),
    logicalSectorSize: SECTOR,
    physicalSectorSize: SECTOR,
    sectorCount: String(Math.ceil(size / SECTOR)),
    directIO: true,
    readOnly: true,
  };
}

function makeStore(options: { size?: number; maxPages?: number; now?: () => number } = {}) {
  const api = new FakeDiskApi(SECTOR);
  const store = new PageStore(api, 'session-1', geometry(options.size ?? PAGES * PAGE), {
    pageBytes: PAGE,
    maxPages: options.maxPages ?? 256,
    now: options.now,
  });
  const arrived: bigint[] = [];
  store.subscribe((index) => arrived.push(index));
  return { api, store, arrived };
}

/** Byte range of pages [first, last]. */
function pages(first: number, last = first): [bigint, bigint] {
  return [BigInt(first * PAGE), BigInt((last + 1) * PAGE - 1)];
}

const lbaOf = (page: number) => BigInt(page * (PAGE / SECTOR));
const pageOfRead = (read: { lba: bigint }) => Number(read.lba) / (PAGE / SECTOR);
const expectedBytes = (offset: number, length: number) =>
  Uint8Array.from({ length }, (_, i) => byteAt(offset + i));
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

test('scrolling down: the pages on screen first, then the two below, then the one above', async () => {
  const { api, store } = makeStore();
  store.want(...pages(5, 6), 1);
  // Four reads at a time: the fifth waits for an answer.
  assert.deepEqual(api.reads.map(pageOfRead), [5, 6, 7, 8]);
  await api.answer(lbaOf(5));
  assert.deepEqual(api.reads.map(pageOfRead), [5, 6, 7, 8, 4]);
});

test('scrolling up: the pages on screen first, then the two above, then the one below', async () => {
  const { api, store } = makeStore();
  store.want(...pages(5, 6), -1);
  assert.deepEqual(api.reads.map(pageOfRead), [5, 6, 4, 3]);
  await api.answer(lbaOf(6));
  assert.deepEqual(api.reads.map(pageOfRead), [5, 6, 4, 3, 7]);
});

test('read-ahead stops at both ends of the disk', async () => {
  const { api, store } = makeStore();
  store.want(...pages(0), -1);
  await api.answerAll();
  assert.deepEqual(api.reads.map(pageOfRead).sort(), [0, 1]);
  store.want(...pages(PAGES - 1), 1);
  await api.answerAll();
  assert.deepEqual(api.reads.slice(2).map(pageOfRead).sort(), [PAGES - 2, PAGES - 1]);
});

test('a page it has, or is reading, is never asked for again', async () => {
  const { api, store } = makeStore();
  store.want(...pages(2), 1);
  store.want(...pages(2), 1);
  assert.equal(api.reads.length, 4, 'pages 2, 3, 4 and 1, once each while in flight');
  await api.answerAll();
  store.want(...pages(2), 1);
  store.want(...pages(3), -1);
  assert.equal(api.reads.length, 4, 'no read for pages it holds');
});

test('queued reads the view moved away from are dropped; answers already on their way are kept', async () => {
  const { api, store, arrived } = makeStore();
  store.want(...pages(0, 3), 1); // pages 0-3 in flight, 4 and 5 queued
  store.want(...pages(15), 1);
  await api.answerAll();
  const read = api.reads.map(pageOfRead);
  assert.ok(!read.includes(4) && !read.includes(5), `read ${read.join(', ')}`);
  for (const page of [0, 1, 2, 3]) {
    assert.ok(store.page(BigInt(page)), `page ${page} is kept for when the view comes back`);
    assert.ok(arrived.includes(BigInt(page)), `page ${page} is announced`);
  }
  assert.ok(store.page(15n), 'the page on screen is kept');
  store.want(...pages(1, 2), -1);
  assert.ok(!api.reads.slice(read.length).some((r) => [1, 2].includes(pageOfRead(r))));
});

test('bytesAt: the disk bytes at any offset, across sector and page boundaries', async () => {
  const { api, store } = makeStore();
  store.want(...pages(0, 1), 1);
  await api.answerAll();
  assert.deepEqual(store.bytesAt(1020n, 10), expectedBytes(1020, 10));
  assert.deepEqual(store.bytesAt(500n, 30), expectedBytes(500, 30));
  assert.deepEqual(store.bytesAt(2040n, 8), expectedBytes(2040, 8));
});

test('bytesAt is null while a page is loading and over an unreadable sector, never zeros', async () => {
  const { api, store } = makeStore();
  store.want(...pages(0, 1), 1);
  await api.answer(lbaOf(0));
  assert.deepEqual(store.bytesAt(0n, 16), expectedBytes(0, 16));
  assert.equal(store.bytesAt(1000n, 48), null, 'page 1 is still loading');

  await api.answer(lbaOf(1), [3n]); // LBA 3: bytes 1536-2047
  assert.deepEqual(store.bytesAt(1024n, 512), expectedBytes(1024, 512), 'LBA 2 is readable');
  assert.equal(store.bytesAt(1536n, 1), null);
  assert.equal(store.bytesAt(1500n, 100), null, 'a range reaching into LBA 3');
  assert.ok(store.page(1n)?.unreadable.has('3'));
});

test('an odd-sized image: the last page reads only the sectors left; bytesAt stops at its end', async () => {
  const size = 2460; // five sectors, the last one partly past the end
  const { api, store } = makeStore({ size });
  store.want(0n, BigInt(size - 1), 1);
  await api.answerAll();
  assert.deepEqual(
    api.reads.map((read) => [Number(read.lba), read.count]),
    [
      [0, 2],
      [2, 2],
      [4, 1],
    ],
  );
  assert.deepEqual(store.bytesAt(2450n, 20), expectedBytes(2450, 10));
  assert.deepEqual(store.bytesAt(2459n, 1), expectedBytes(2459, 1));
  assert.deepEqual(store.bytesAt(BigInt(size), 4), new Uint8Array(0));
});

test('a read failed as a whole is not loaded, never unreadable; it is not asked for again by itself', async () => {
  const { api, store, arrived } = makeStore();
  store.want(...pages(3), 1);
  await api.fail(lbaOf(3), new SectorscopeError('NO_SESSION', 'No open disk has session id x'));
  assert.equal(store.page(3n), undefined, 'no bytes, and no unreadable sectors');
  assert.deepEqual(store.pageState(3n), {
    kind: 'not-loaded',
    why: { reason: 'failed', message: 'No open disk has session id x' },
  });
  assert.equal(store.bytesAt(3n * BigInt(PAGE), 1), null);
  assert.ok(arrived.includes(3n), 'the failure is announced like an arrival');
  assert.ok(store.has(...pages(3)), 'nothing to wait for');
  store.want(...pages(3), 1);
  assert.equal(api.reads.filter((read) => pageOfRead(read) === 3).length, 1, 'not read again');
});

test('a lost connection: the pages show as not loaded, and are read again when the view resumes', async () => {
  const { api, store } = makeStore();
  store.want(...pages(2), 1); // 2, then 3, 4 ahead and 1 behind
  await api.answer(lbaOf(2));
  await api.fail(lbaOf(3), new ConnectionLostError('Lost the connection'));
  assert.equal(store.pageState(3n).kind, 'not-loaded');
  assert.equal(store.pageState(2n).kind, 'loaded', 'the bytes already here stay');
  store.want(...pages(3), 1);
  assert.equal(api.reads.filter((read) => pageOfRead(read) === 3).length, 1, 'no retry by itself');

  await api.answerAll();
  store.resume('session-2');
  const again = api.reads.slice(-4);
  assert.ok(
    again.some((read) => pageOfRead(read) === 3),
    'page 3 is asked for again',
  );
  assert.equal(store.pageState(2n).kind, 'loaded', 'a stale page stays on screen');
  assert.equal(store.page(2n)?.stale, true);
  assert.equal(store.has(...pages(2)), false, 'a stale page is read afresh');
});

test('after resume, reads go to the new session, and a stale page is replaced by the fresh one', async () => {
  const api = new FakeDiskApi(SECTOR);
  const sessions: string[] = [];
  const call = api.call.bind(api);
  api.call = ((method, params) => {
    sessions.push((params as { session: string }).session);
    return call(method, params);
  }) as typeof api.call;
  const store = new PageStore(api, 'session-1', geometry(PAGES * PAGE), { pageBytes: PAGE });
  store.want(...pages(5), 1);
  await api.answerAll();
  store.resume('session-2');
  await api.answerAll();
  assert.deepEqual([...new Set(sessions)], ['session-1', 'session-2']);
  assert.equal(store.page(5n)?.stale, undefined, 'read afresh');
  assert.deepEqual(store.bytesAt(5n * BigInt(PAGE), 16), expectedBytes(5 * PAGE, 16));
});

test('a disk that went away: its message is the status, failed pages are not loaded, no more reads', async () => {
  const { api, store } = makeStore();
  let published = 0;
  store.subscribeStatus(() => published++);
  store.want(...pages(2), 1);
  await api.answer(lbaOf(2));
  const message = 'The disk went away while it was read: Nothing from LBA 6 on was read.';
  await api.fail(lbaOf(3), new SectorscopeError('GONE', message));
  assert.equal(store.status().gone, message);
  assert.ok(published > 0, 'status listeners are told');
  assert.equal(store.pageState(3n).kind, 'not-loaded');
  assert.equal(store.pageState(2n).kind, 'loaded');
  await api.answerAll();
  const reads = api.reads.length;
  store.want(...pages(12), 1);
  assert.equal(api.reads.length, reads, 'no read of a disk that is gone');
  store.resume('session-2');
  assert.equal(store.status().gone, null);
  assert.ok(api.reads.length > reads, 'reads again once reopened');
});

test('waiting status: since when the oldest read waits, its LBAs, and how many wait', async () => {
  let clock = 1000;
  const { api, store } = makeStore({ now: () => clock });
  assert.equal(store.status().waitingSince, null);
  store.want(...pages(5), 1); // pages 5, 6, 7 and 4 (two sectors each) sent at 1000
  assert.equal(store.status().waitingSince, 1000);
  assert.deepEqual(store.status().waitingLbas, { first: 10n, last: 11n }, 'page 5, sent first');
  assert.equal(store.status().waitingReads, 4);
  clock = 1500;
  store.want(...pages(5, 6), 1); // page 8 waits for a free slot
  await api.answer(lbaOf(4)); // page 8 is sent at 1500
  await api.answer(lbaOf(5));
  await api.answer(lbaOf(6));
  await api.answer(lbaOf(7));
  assert.equal(store.status().waitingSince, 1500);
  assert.deepEqual(store.status().waitingLbas, { first: 16n, last: 17n });
  assert.equal(store.status().waitingReads, 1);
  await api.answerAll();
  assert.equal(store.status().waitingSince, null);
  assert.equal(store.status().waitingLbas, null);
});

test('cancelWaiting: the waiting pages show as not loaded, other pages read, a late answer is kept', async () => {
  const { api, store } = makeStore();
  store.want(...pages(5), 1); // 5, 6, 7, 4 in flight: the disk does not answer
  store.cancelWaiting();
  assert.equal(store.status().waitingSince, null, 'nothing is waited for');
  assert.equal(store.status().cancelledPages, 4);
  assert.deepEqual(store.pageState(5n), {
    kind: 'not-loaded',
    why: {
      reason: 'cancelled',
      message: 'Not loaded: you stopped waiting for the disk. Retry to ask again.',
    },
  });
  assert.ok(store.has(...pages(5)), 'a jump there does not wait for it');

  store.want(...pages(12), 1);
  assert.deepEqual(api.reads.slice(4).map(pageOfRead), [12, 13, 14, 11], 'slots are free again');
  store.want(...pages(5), 1);
  assert.equal(api.reads.length, 8, 'pages given up on are not asked for again by themselves');

  await api.answer(lbaOf(5));
  assert.equal(store.pageState(5n).kind, 'loaded', 'the disk answered after all: shown');
  store.retry();
  assert.equal(api.reads.length, 8, 'Retry waits again for the reads still out, not sent twice');
  assert.equal(store.pageState(6n).kind, 'loading');
  assert.notEqual(store.status().waitingSince, null);
  await api.answer(lbaOf(6));
  assert.equal(store.pageState(6n).kind, 'loaded');
});

test('fetchSoon resolves when the last page it waits for arrives', async () => {
  const { api, store } = makeStore();
  let resolved = false;
  void store.fetchSoon(...pages(4, 5), 60_000).then(() => (resolved = true));
  await nextTurn();
  assert.equal(resolved, false);
  await api.answer(lbaOf(4));
  assert.equal(resolved, false, 'page 5 is still on its way');
  await api.answer(lbaOf(5));
  assert.equal(resolved, true);
});

test('fetchSoon resolves at once for bytes already here, without a read', async () => {
  const { api, store } = makeStore();
  store.want(...pages(4, 5), 1);
  await api.answerAll();
  const reads = api.reads.length;
  let resolved = false;
  void store.fetchSoon(...pages(4, 5), 60_000).then(() => (resolved = true));
  await Promise.resolve();
  assert.equal(resolved, true);
  assert.equal(api.reads.length, reads);
});

test('fetchSoon resolves after its timeout when the disk does not answer', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { store } = makeStore();
  let resolved = false;
  void store.fetchSoon(...pages(4), 40).then(() => (resolved = true));
  t.mock.timers.tick(39);
  await nextTurn();
  assert.equal(resolved, false, 'before the timeout');
  t.mock.timers.tick(1);
  await nextTurn();
  assert.equal(resolved, true, 'at the timeout');
});

test('a full cache drops the pages used longest ago, never the ones the view wants', async () => {
  const { api, store } = makeStore({ maxPages: 3 });
  store.want(...pages(0), 1); // pages 0, 1, 2
  await api.answerAll();
  store.want(...pages(10), 1); // pages 10, 11, 12 and 9
  await api.answerAll();
  for (const page of [0, 1, 2]) assert.equal(store.page(BigInt(page)), undefined, `page ${page}`);
  for (const page of [9, 10, 11, 12]) assert.ok(store.page(BigInt(page)), `page ${page}`);
});

test('a page the view wants is never dropped, even past the bound', async () => {
  const { api, store } = makeStore({ maxPages: 1 });
  store.want(...pages(0, 2), 1); // pages 0-2 on screen, 3 and 4 read ahead
  await api.answerAll();
  for (const page of [0, 1, 2, 3, 4]) assert.ok(store.page(BigInt(page)), `page ${page}`);
  assert.deepEqual(store.bytesAt(0n, 3 * PAGE), expectedBytes(0, 3 * PAGE));
});

test('after dispose, answers still on their way are dropped and announce nothing', async () => {
  const { api, store, arrived } = makeStore();
  store.want(...pages(0), 1);
  store.dispose();
  await api.answerAll();
  assert.equal(store.page(0n), undefined);
  assert.deepEqual(arrived, []);
});

test('the pages on screen count as used: a full cache drops others first', async () => {
  const { api, store } = makeStore({ maxPages: 6 });
  store.want(...pages(0), 1); // pages 0, 1, 2
  await api.answerAll();
  store.want(...pages(10), 1); // 10, 11, 12, 9: the cache is full (7 > 6) and drops page 0
  await api.answerAll();
  // Pages 1 and 2 came before 10-12, but are on screen again: used most recently. Reading 3, 4
  // and 0 drops three pages: 10, 11 and 12, not 1 and 2.
  store.want(...pages(1, 2), 1);
  await api.answerAll();
  assert.ok(store.page(1n) && store.page(2n), 'the pages on screen stay');
  for (const page of [10, 11, 12])
    assert.equal(store.page(BigInt(page)), undefined, `page ${page}`);
});
