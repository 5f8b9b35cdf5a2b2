import assert from 'node:assert/strict';
import { test } from 'node:test';
import type {
  JobProgress,
  SearchHit,
  SearchResult,
  ServerEvent,
} from '../../../../electron/shared/contract';
import { JobStore, latestSearchHits, nextHit } from '../job-store';

const DISK = { session: 'session-1', path: '/dev/sdb' };

function progress(bytesDone: number): JobProgress {
  return {
    bytesDone: String(bytesDone),
    bytesTotal: '1000',
    rate: 1,
    secondsLeft: 1,
    badSectors: 0,
  };
}

function hit(offset: bigint | string): SearchHit {
  const at = BigInt(offset);
  return { offset: at.toString(), lba: (at / 512n).toString(), context: '00', contextStart: 0 };
}

const progressEvent = (job: string, bytesDone: number): ServerEvent => ({
  type: 'jobProgress',
  job,
  progress: progress(bytesDone),
});
const hitsEvent = (job: string, ...offsets: (bigint | string)[]): ServerEvent => ({
  type: 'jobHits',
  job,
  hits: offsets.map(hit),
});
const searchResult: SearchResult = {
  kind: 'search',
  hits: 3,
  truncated: false,
  bytes: '1000',
  badSectors: [],
  seconds: 1,
};

function jobIn(store: JobStore, id: string) {
  const job = store.getSnapshot().find((candidate) => candidate.id === id);
  assert.ok(job, `job ${id} is listed`);
  return job;
}

test('events that beat startJob’s reply are replayed once the job is started', () => {
  const store = new JobStore();
  store.apply(progressEvent('j1', 100));
  store.apply(hitsEvent('j1', 512n));
  store.apply(progressEvent('j1', 400));
  store.apply(hitsEvent('j1', 4096n));
  assert.deepEqual(store.getSnapshot(), [], 'no job before its reply');

  store.started('j1', 'search', 'NTFS in the whole disk', DISK, 4);
  const job = jobIn(store, 'j1');
  assert.equal(job.progress?.bytesDone, '400', 'the latest progress');
  assert.deepEqual(
    job.hits.map((h) => h.offset),
    ['512', '4096'],
  );
  assert.equal(job.status, 'running');
  assert.equal(job.hitLength, 4);
  assert.equal(job.session, DISK.session);
});

test('a job that finished before startJob’s reply shows as finished', () => {
  const store = new JobStore();
  store.apply({ type: 'jobDone', job: 'j1', status: 'done', result: searchResult });
  store.started('j1', 'search', 'NTFS', DISK);
  assert.equal(jobIn(store, 'j1').status, 'done');
  assert.deepEqual(jobIn(store, 'j1').result, searchResult);
});

test('early events of one job are not replayed into another', () => {
  const store = new JobStore();
  store.apply(hitsEvent('other', 1n));
  store.started('j1', 'search', 'NTFS', DISK);
  assert.deepEqual(jobIn(store, 'j1').hits, []);
  assert.equal(store.getSnapshot().length, 1);
});

test('hits add up across events; progress is the latest; done sets status, result and error', () => {
  const store = new JobStore();
  store.started('j1', 'search', 'NTFS', DISK);
  store.apply(hitsEvent('j1', 10n, 20n));
  store.apply(progressEvent('j1', 500));
  store.apply(hitsEvent('j1', 30n));
  store.apply(progressEvent('j1', 900));
  let job = jobIn(store, 'j1');
  assert.deepEqual(
    job.hits.map((h) => h.offset),
    ['10', '20', '30'],
  );
  assert.equal(job.progress?.bytesDone, '900');

  store.apply({ type: 'jobDone', job: 'j1', status: 'done', result: searchResult });
  job = jobIn(store, 'j1');
  assert.equal(job.status, 'done');
  assert.deepEqual(job.result, searchResult);
  assert.equal(job.error, null);
  assert.equal(job.hits.length, 3, 'the hits stay');

  store.started('j2', 'hash', 'md5', DISK);
  const error = { code: 'IO', message: 'read failed' } as const;
  store.apply({ type: 'jobDone', job: 'j2', status: 'failed', error });
  assert.equal(jobIn(store, 'j2').status, 'failed');
  assert.deepEqual(jobIn(store, 'j2').error, error);
  assert.equal(jobIn(store, 'j2').result, null);
});

test('the snapshot: the same array until something changes, newest job first', () => {
  const store = new JobStore();
  let calls = 0;
  store.subscribe(() => calls++);
  store.started('j1', 'hash', 'md5', DISK);
  const first = store.getSnapshot();
  assert.equal(store.getSnapshot(), first, 'unchanged store, same snapshot');
  store.apply(progressEvent('j1', 10));
  assert.notEqual(store.getSnapshot(), first, 'a change makes a new snapshot');
  assert.equal(first[0]?.progress, null, 'an old snapshot is not changed in place');
  store.started('j2', 'search', 'NTFS', DISK);
  assert.deepEqual(
    store.getSnapshot().map((job) => job.id),
    ['j2', 'j1'],
  );
  store.remove('j1');
  assert.deepEqual(
    store.getSnapshot().map((job) => job.id),
    ['j2'],
  );
  assert.equal(calls, 4, 'every change is announced');
});

test('latestSearchHits: the newest search of this disk, in disk order by exact offset', () => {
  const store = new JobStore();
  store.started('old', 'search', 'FAT', DISK);
  store.apply(hitsEvent('old', 1n));
  store.started('new', 'search', 'NTFS', DISK);
  // Out of order as workers find them; '9' sorts after '10' as text, and the last two are one
  // and the same double.
  store.apply(hitsEvent('new', '9007199254740993', '10', '9', '9007199254740992'));
  store.started('other-disk', 'search', 'NTFS', { session: 'session-2', path: '/dev/sdc' });
  store.apply(hitsEvent('other-disk', 5n));
  store.started('hash', 'hash', 'md5', DISK);

  const hits = latestSearchHits(store.getSnapshot(), DISK.session);
  assert.deepEqual(
    hits.map((h) => h.offset),
    ['9', '10', '9007199254740992', '9007199254740993'],
  );
  assert.deepEqual(
    jobIn(store, 'new').hits.map((h) => h.offset),
    ['9007199254740993', '10', '9', '9007199254740992'],
    'the job’s own list keeps its order',
  );
  assert.deepEqual(latestSearchHits(store.getSnapshot(), 'session-3'), []);
});

test('nextHit: F3 goes to the first hit after the cursor, Shift+F3 to the last before it', () => {
  const far = 2n ** 53n;
  const hits = [hit(100n), hit(200n), hit(far), hit(far + 1n)];
  assert.equal(nextHit(hits, 0n, 1)?.offset, '100');
  assert.equal(nextHit(hits, 100n, 1)?.offset, '200', 'on a hit, the next one');
  assert.equal(nextHit(hits, 150n, 1)?.offset, '200');
  assert.equal(nextHit(hits, far, 1)?.offset, (far + 1n).toString());
  assert.equal(nextHit(hits, far + 1n, 1), null, 'none after the last');

  assert.equal(nextHit(hits, far + 1n, -1)?.offset, far.toString(), 'on a hit, the one before');
  assert.equal(nextHit(hits, 150n, -1)?.offset, '100');
  assert.equal(nextHit(hits, 1000n, -1)?.offset, '200');
  assert.equal(nextHit(hits, 100n, -1), null, 'none before the first');
  assert.equal(nextHit([], 0n, 1), null);
});
