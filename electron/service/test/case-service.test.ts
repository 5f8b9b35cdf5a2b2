// The case through the service, as the viewer will drive it: no case (the viewer works as
// before; a bookmark asks for one), bookmarks added, changed and deleted with everything
// checked in main, the events that tell the page, jobs recorded as they start and finish (with
// coreutils as the oracle for digests and exports), two viewers on one case, the repairs made
// on opening a case a crash left behind, changes made by the command line, and the report.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readCase } from '../../case/audit-append';
import { createCase } from '../../case/case-handle';
import { AUDIT_FILE, CASE_FILE } from '../../case/case-types';
import {
  cli,
  bundledCliMissing,
  keepsEvidence,
  later,
  nextLine,
  readEntries,
  readLines,
  sha256sum,
  tempDir,
  writeEvidence,
} from '../../case/test/case-test-support';
import { coreutilsDigest } from '../../jobs/test/job-test-support';
import type { BookmarkView, CaseEvent, CaseInfo } from '../../shared/case-contract';
import type { ExportResult, ServiceEvent, WireReply } from '../../shared/contract';
import { DiskService, type DiskServiceOptions } from '../disk-service';

function value<T>(reply: WireReply<unknown>): T {
  if (!reply.ok) assert.fail(`${reply.error.code}: ${reply.error.message}`);
  return reply.value as T;
}

function failure(reply: WireReply<unknown>, code: string, message?: RegExp): string {
  assert.equal(reply.ok, false, `expected ${code}, got success`);
  if (reply.ok) return '';
  assert.equal(reply.error.code, code, reply.error.message);
  if (message) assert.match(reply.error.message, message);
  return reply.error.message;
}

/** A service, every event it sends, and a way to wait for one. */
function serviceWithEvents(options: Partial<DiskServiceOptions> = {}) {
  const service = new DiskService({ caseProgram: 'the test viewer', ...options });
  const events: ServiceEvent[] = [];
  const waiters: { test: (event: ServiceEvent) => boolean; resolve: (e: ServiceEvent) => void }[] =
    [];
  service.onEvent((event) => {
    events.push(event);
    for (const waiter of [...waiters]) {
      if (!waiter.test(event)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(event);
    }
  });
  const next = <E extends ServiceEvent>(test: (event: ServiceEvent) => event is E): Promise<E> =>
    new Promise((resolve) => waiters.push({ test, resolve: resolve as (e: ServiceEvent) => void }));
  const call = <T>(method: string, params: Record<string, unknown> = {}) =>
    service.handle(method, params).then((reply) => value<T>(reply));
  return { service, events, next, call };
}

const isCaseChanged = (event: ServiceEvent): event is Extract<CaseEvent, { type: 'caseChanged' }> =>
  event.type === 'caseChanged';

/** An evidence image and a case started on it. */
async function caseOn(t: Parameters<typeof tempDir>[0]) {
  const work = tempDir(t);
  const image = join(work, 'evidence.img');
  writeEvidence(image);
  keepsEvidence(t, image);
  const dir = join(work, 'case');
  await createCase(dir, { evidence: [{ path: image }], examiner: 'Ann Example' });
  return { work, image, dir };
}

describe('a case through the service', () => {
  test('without a case the viewer works as before; a bookmark asks for one', async (t) => {
    const work = tempDir(t);
    const image = join(work, 'evidence.img');
    writeEvidence(image);
    const { service, call } = serviceWithEvents();
    later(t, () => service.dispose());
    const source = service.sources.add(image);
    const { session } = await call<{ session: string }>('open', { source: source.id });
    assert.equal(await call('caseInfo'), null);
    const add = await service.handle('addBookmark', {
      source: source.id,
      offset: '0',
      length: '16',
      label: 'x',
    });
    failure(add, 'NO_CASE', /No case is open: start one/);
    failure(await service.handle('listBookmarks', {}), 'NO_CASE');
    failure(await service.handle('newCase', {}), 'NO_CASE', /sectorscope serve PATH --case DIR/);
    failure(await service.handle('openCase', {}), 'UNSUPPORTED');
    const page = await call<{ data: Uint8Array }>('readSectors', { session, lba: '0', count: 1 });
    assert.equal(page.data.length, 512, 'reading goes on as before');
  });

  test('Electron: New Case starts one in the folder chosen, with the disks open now', async (t) => {
    const work = tempDir(t);
    const image = join(work, 'evidence.img');
    writeEvidence(image);
    keepsEvidence(t, image);
    const dir = join(work, 'new-case');
    const { service, call } = serviceWithEvents({ chooseNewCaseFolder: async () => dir });
    later(t, () => service.dispose());
    const source = service.sources.add(image);
    await call('open', { source: source.id });
    const info = await call<CaseInfo>('newCase', { examiner: 'Ann Example' });
    assert.equal(info.name, 'new-case');
    assert.equal(info.examiner, 'Ann Example');
    assert.equal(info.readOnly, false);
    assert.deepEqual(
      info.evidence.map((item) => [item.id, item.source, item.name]),
      [['E1', source.id, 'evidence.img']],
    );
    const added = await call<BookmarkView>('addBookmark', {
      source: source.id,
      offset: '512',
      length: '512',
      label: 'the first bookmark',
    });
    assert.equal(added.id, 'B1');
    assert.equal(added.evidence, 'E1');
    assert.deepEqual(
      readEntries(dir).map((entry) => entry.action),
      ['case.created', 'evidence.added', 'case.opened', 'bookmark.added'],
    );
  });

  test('bookmarks: added, listed, changed and deleted, each checked and each on record', async (t) => {
    const { image, dir } = await caseOn(t);
    const { service, call, events } = serviceWithEvents();
    later(t, () => service.dispose());
    const opened = await service.cases.open(dir);
    assert.equal(opened.readOnly, false);
    const info = await call<CaseInfo>('caseInfo');
    const source = info.evidence[0]?.source as string;
    assert.equal(
      service.sources.get(source)?.path,
      image,
      'the evidence is a source the page can open',
    );

    const bookmark = await call<BookmarkView>('addBookmark', {
      source,
      offset: '515',
      length: '8',
      label: '  OEM name  ',
      note: 'NTFS boot sector\nline 2',
      colour: 'blue',
      origin: { kind: 'search-hit' },
    });
    assert.deepEqual(
      { ...bookmark, created: '', modified: '' },
      {
        id: 'B1',
        evidence: 'E1',
        source,
        offset: '515',
        length: '8',
        label: 'OEM name',
        note: 'NTFS boot sector\nline 2',
        colour: '#2f80ed',
        origin: { kind: 'search-hit' },
        created: '',
        modified: '',
        file: null,
      },
    );
    const added = events.find((e) => e.type === 'bookmarksChanged');
    assert.deepEqual(added, {
      type: 'bookmarksChanged',
      added: [bookmark],
      changed: [],
      deleted: [],
      reload: false,
    });

    const refusals: [Record<string, unknown>, string, RegExp][] = [
      [
        { offset: '1048576', length: '1' },
        'OUT_OF_RANGE',
        /past the end of E1: it has 1048576 bytes/,
      ],
      [{ offset: '1048570', length: '16' }, 'OUT_OF_RANGE', /run past the end of E1/],
      [{ offset: '-1', length: '1' }, 'INVALID_ARGUMENT', /offset is a whole number/],
      [{ length: '0' }, 'INVALID_ARGUMENT', /at least one byte/],
      [{ label: '   ' }, 'INVALID_ARGUMENT', /needs a label: it is empty/],
      [{ label: 'a\u0000b' }, 'INVALID_ARGUMENT', /one line of text/],
      [{ label: 'x'.repeat(201) }, 'INVALID_ARGUMENT', /at most 200 characters/],
      [{ note: 'n'.repeat(65537) }, 'INVALID_ARGUMENT', /at most 65536 characters/],
      [{ colour: 'url(x)' }, 'INVALID_ARGUMENT', /A colour is #rrggbb/],
      [{ origin: { kind: 'elsewhere' } }, 'INVALID_ARGUMENT', /comes from a selection/],
      [{ source: 'no-such-source' }, 'NO_SOURCE', /No disk or image with id/],
    ];
    for (const [change, code, message] of refusals) {
      const params = { source, offset: '0', length: '1', label: 'ok', ...change };
      failure(await service.handle('addBookmark', params), code, message);
    }
    assert.equal(readLines(dir).length, 4, 'nothing refused reached the log');

    const changed = await call<BookmarkView>('updateBookmark', {
      id: 'B1',
      label: 'Renamed',
      colour: '#AABBCC',
    });
    assert.equal(changed.label, 'Renamed');
    assert.equal(changed.colour, '#aabbcc');
    failure(await service.handle('updateBookmark', { id: 'B9', label: 'x' }), 'NOT_FOUND');
    await call('addBookmark', { source, offset: '4096', length: '37', label: 'Text' });
    const listed = await call<BookmarkView[]>('listBookmarks', { source });
    assert.deepEqual(
      listed.map((item) => item.id),
      ['B1', 'B2'],
    );
    assert.deepEqual(await call('deleteBookmark', { id: 'B1' }), null);
    assert.deepEqual(
      (await call<BookmarkView[]>('listBookmarks')).map((item) => item.id),
      ['B2'],
    );

    const entries = readEntries(dir);
    const changeEntry = entries.find((entry) => entry.action === 'bookmark.changed');
    assert.equal((changeEntry?.details.before as BookmarkView).label, 'OEM name');
    assert.equal((changeEntry?.details.after as BookmarkView).label, 'Renamed');
    const deleted = entries.find((entry) => entry.action === 'bookmark.deleted');
    assert.equal(
      (deleted?.details.bookmark as BookmarkView).note,
      'NTFS boot sector\nline 2',
      'deleted with its content',
    );
    const last = events.filter(isCaseChanged).at(-1);
    assert.equal(last?.case?.bookmarks, 1);
    assert.equal(last?.case?.audit.entries, entries.length);
    assert.equal((await readCase(dir)).verification.intact, true);
  });

  test('a bookmark on a disk not in the case adds it as evidence, with its identity', async (t) => {
    const { work, dir } = await caseOn(t);
    const other = join(work, 'second.img');
    writeEvidence(other, 64 * 1024);
    keepsEvidence(t, other);
    const { service, call } = serviceWithEvents();
    later(t, () => service.dispose());
    await service.cases.open(dir);
    const source = service.sources.add(other);
    const bookmark = await call<BookmarkView>('addBookmark', {
      source: source.id,
      offset: '0',
      length: '4',
      label: 'x',
    });
    assert.equal(bookmark.evidence, 'E2');
    const added = readEntries(dir)
      .filter((entry) => entry.action === 'evidence.added')
      .at(-1);
    assert.deepEqual(
      (({ id, path, size, format }) => ({ id, path, size, format }))(
        added?.details.evidence as { id: string; path: string; size: string; format: string },
      ),
      { id: 'E2', path: other, size: '65536', format: 'raw' },
    );
  });

  test('jobs on the evidence are recorded as they start and end, with their results', async (t) => {
    const { work, image, dir } = await caseOn(t);
    const exported = join(work, 'export.bin');
    const { service, call, next } = serviceWithEvents({ chooseExportPath: async () => exported });
    later(t, () => service.dispose());
    await service.cases.open(dir);
    await call('caseInfo');
    const source = service.sources.add(image);
    const { session } = await call<{ session: string }>('open', { source: source.id });

    const recorded = (action: string, count: number) =>
      next(
        (event): event is Extract<CaseEvent, { type: 'caseChanged' }> =>
          isCaseChanged(event) &&
          readEntries(dir).filter((entry) => entry.action === action).length >= count,
      );
    await call('startJob', { session, spec: { kind: 'hash', algorithms: ['sha256', 'md5'] } });
    const afterHash = await recorded('job.finished', 1);
    const digest = sha256sum(image);
    assert.equal(
      afterHash.case?.evidence[0]?.hashes.sha256,
      digest,
      'the case now has the evidence hash',
    );
    const file = JSON.parse(readFileSync(join(dir, CASE_FILE), 'utf8'));
    assert.equal(file.evidence[0].hashes.digests.sha256, digest, 'case.json keeps it');

    await call('startJob', {
      session,
      range: { lba: '8', count: '2' },
      spec: { kind: 'search', pattern: { type: 'text', value: '<script>' } },
    });
    await recorded('job.finished', 2);
    await call('startJob', { session, range: { lba: '1', count: '4' }, spec: { kind: 'export' } });
    await recorded('job.finished', 3);

    const entries = readEntries(dir).filter((entry) => entry.action.startsWith('job.'));
    assert.deepEqual(
      entries.map((entry) =>
        `${entry.action} ${entry.details.job} ${entry.details.status ?? ''}`.trim(),
      ),
      [
        'job.started hash',
        'job.finished hash done',
        'job.started search',
        'job.finished search done',
        'job.started export',
        'job.finished export done',
      ],
    );
    const [hashStart, hashEnd, searchStart, searchEnd, , exportEnd] = entries;
    assert.deepEqual(hashStart?.details.spec, { kind: 'hash', algorithms: ['md5', 'sha256'] });
    assert.equal(hashStart?.details.wholeEvidence, true);
    assert.equal(hashEnd?.details.startedEntry, hashStart?.seq);
    assert.deepEqual((hashEnd?.details.result as { digests: object }).digests, {
      sha256: digest,
      md5: coreutilsDigest('md5sum', image),
    });
    assert.equal(searchStart?.details.wholeEvidence, false);
    assert.deepEqual(
      (searchEnd?.details.result as { hits: number; firstHits: string[] }).firstHits,
      ['4096'],
    );
    const exportResult = exportEnd?.details.result as Pick<ExportResult, 'destination' | 'sha256'>;
    assert.equal(exportResult.destination, exported);
    assert.equal(
      exportResult.sha256,
      sha256sum(exported),
      "the export's SHA-256 on record is the file's",
    );
    assert.equal((await readCase(dir)).verification.intact, true);
  });

  test('two viewers: the second gets the case read-only and is told who has it', async (t) => {
    const { image, dir } = await caseOn(t);
    const first = serviceWithEvents({ caseProgram: 'the first viewer' });
    later(t, () => first.service.dispose());
    await first.service.cases.open(dir);
    const second = serviceWithEvents({ caseProgram: 'the second viewer' });
    later(t, () => second.service.dispose());
    const info = await second.service.cases.open(dir);
    assert.equal(info.readOnly, true);
    assert.match(
      info.readOnlyReason ?? '',
      new RegExp(
        `the case is open in another Sectorscope \\(the first viewer, pid ${process.pid} on `,
      ),
    );
    const source = second.service.sources.add(image);
    failure(
      await second.service.handle('addBookmark', {
        source: source.id,
        offset: '0',
        length: '1',
        label: 'x',
      }),
      'PERMISSION',
      /open read-only: the case is open in another Sectorscope \(the first viewer/,
    );
    const lines = readLines(dir).length;
    await first.service.dispose();
    const third = serviceWithEvents({ caseProgram: 'the third viewer' });
    later(t, () => third.service.dispose());
    assert.equal(
      (await third.service.cases.open(dir)).readOnly,
      false,
      'free again once the first is gone',
    );
    assert.equal(readLines(dir).length, lines + 1, 'the third opening is on record');
  });

  test('opening a case sets a torn last line aside, on record, and the chain goes on', async (t) => {
    const { dir } = await caseOn(t);
    const fragment = nextLine(dir, 'bookmark.added').slice(0, 57);
    writeFileSync(join(dir, AUDIT_FILE), readFileSync(join(dir, AUDIT_FILE), 'utf8') + fragment);
    assert.equal((await readCase(dir)).verification.reading.torn?.bytes.length, 57);

    const { service } = serviceWithEvents();
    later(t, () => service.dispose());
    const info = await service.cases.open(dir);
    assert.equal(info.readOnly, false);
    assert.deepEqual(info.notices, ['a torn last line of the log was moved to audit.torn-3.jsonl']);
    assert.equal(
      readFileSync(join(dir, 'audit.torn-3.jsonl'), 'utf8'),
      fragment,
      'the fragment, byte for byte',
    );
    const entries = readEntries(dir);
    assert.deepEqual(
      entries.slice(2).map((entry) => entry.action),
      ['audit.torn-line-set-aside', 'case.opened'],
    );
    assert.deepEqual(
      { ...entries[2]?.details, why: '' },
      {
        sideFile: 'audit.torn-3.jsonl',
        bytes: 57,
        sha256: createHash('sha256').update(fragment).digest('hex'),
        why: '',
      },
    );
    const after = await readCase(dir);
    assert.equal(after.verification.intact, true, after.verification.problems.join('; '));
    assert.equal(info.audit.intact, true);
  });

  test('opening a case whose head a crash left behind brings it up, on record', async (t) => {
    const { dir } = await caseOn(t);
    const line = nextLine(dir, 'case.opened', { program: 'killed' });
    writeFileSync(join(dir, AUDIT_FILE), `${readFileSync(join(dir, AUDIT_FILE), 'utf8')}${line}\n`);
    assert.equal((await readCase(dir)).verification.head.behind, 1);
    const { service } = serviceWithEvents();
    later(t, () => service.dispose());
    const info = await service.cases.open(dir);
    assert.match(info.notices.join(), /case\.json was behind its log/);
    assert.deepEqual(
      readEntries(dir)
        .slice(3)
        .map((entry) => entry.action),
      ['audit.head-caught-up', 'case.opened'],
    );
    assert.equal((await readCase(dir)).verification.intact, true);
  });

  test(
    'a bookmark added from the command line while the viewer has the case reaches the page',
    { skip: bundledCliMissing() ?? false },
    async (t) => {
      const { dir } = await caseOn(t);
      const { service, call, next } = serviceWithEvents();
      later(t, () => service.dispose());
      await service.cases.open(dir);
      await call('caseInfo');
      const reload = next(
        (event): event is Extract<CaseEvent, { type: 'bookmarksChanged' }> =>
          event.type === 'bookmarksChanged' && event.reload,
      );
      const added = cli(['bookmark', 'add', dir, '--lba', '2', '--label', 'from the shell']);
      assert.equal(added.status, 0, added.stderr);
      // The folder's watch keeps no process alive (serve and Electron have their own reasons
      // to live); this test has none while it waits.
      const alive = setInterval(() => undefined, 1000);
      await reload.finally(() => clearInterval(alive));
      const listed = await call<BookmarkView[]>('listBookmarks');
      assert.deepEqual(
        listed.map((item) => item.label),
        ['from the shell'],
      );
    },
  );

  test('the report: HTML returned, saved in reports/ and shown (Electron)', async (t) => {
    const { dir } = await caseOn(t);
    const shown: string[] = [];
    const { service, call } = serviceWithEvents({
      showReport: async (path) => void shown.push(path),
    });
    later(t, () => service.dispose());
    await service.cases.open(dir);
    const source = (await call<CaseInfo>('caseInfo')).evidence[0]?.source;
    await call('addBookmark', { source, offset: '4096', length: '37', label: '<b>bold</b>' });
    const report = await call<{ fileName: string; html: string; savedAs: string }>('caseReport');
    assert.match(report.fileName, /^report-\d{8}T\d{6}Z\.html$/);
    assert.equal(report.savedAs, `reports/${report.fileName}`);
    assert.equal(readFileSync(join(dir, report.savedAs), 'utf8'), report.html);
    assert.deepEqual(shown, [join(dir, report.savedAs)]);
    assert.match(report.html, /B1: &lt;b&gt;bold&lt;\/b&gt;/);
    assert.doesNotMatch(report.html, /<b>bold<\/b>/);
    assert.deepEqual(readdirSync(join(dir, 'reports')), [report.fileName]);
    rmSync(join(dir, 'reports'), { recursive: true });
  });
});
