// File systems through the service, as the viewer drives them: fileSystems, listFiles windows
// (filtered, sorted, deleted ones apart) against fls, fileExtents against istat, ownerOf while
// the index builds (fileIndex events) and once it is ready against ifind -d, and exports of a
// file and a folder through the save-dialog hook, each with its SHA-256.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import type { WireReply } from '../../shared/contract';
import type { ExtentsJson } from '../../shared/files/file-entry';
import type {
  FileListWindow,
  FileSystemInfo,
  IndexState,
  OwnerAnswer,
} from '../../shared/files/file-contract';
import { makeExt4, tempDir } from '../../files/test/helpers/fs-images';
import { fls, ifindBlock, istatBlocks } from '../../files/test/helpers/tsk-oracles';
import { DiskService } from '../disk-service';

function value<T>(reply: WireReply<unknown>): T {
  if (!reply.ok) assert.fail(`${reply.error.code}: ${reply.error.message}`);
  return reply.value as T;
}

async function listAll(service: DiskService, session: string, extra: object = {}) {
  for (;;) {
    const window = value<FileListWindow>(
      await service.handle('listFiles', { session, partition: 0, count: 2000, ...extra }),
    );
    if (window.complete) return window;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('the viewer lists, locates, owns and exports files through the service', async (t) => {
  const dir = tempDir(t);
  const { image, files } = makeExt4(dir);
  const exports = join(dir, 'exports');
  mkdirSync(exports);
  const states: IndexState['state'][] = [];
  const choices: string[] = [];
  const service = new DiskService({
    fileCacheDir: null,
    chooseExportPath: async (name) => {
      choices.push(name);
      return join(exports, name);
    },
  });
  t.after(() => service.dispose());
  service.onEvent((event) => {
    if (event.type === 'fileIndex') states.push(event.index.state);
  });
  const source = service.sources.add(image);
  const { session } = value<{ session: string }>(
    await service.handle('open', { source: source.id }),
  );

  const systems = value<FileSystemInfo[]>(await service.handle('fileSystems', { session }));
  assert.equal(systems.length, 1);
  assert.equal(systems[0]?.filesystem?.type, 'ext4');

  // Every entry, as fls lists them; then a filtered, sorted window; then the deleted ones.
  const all = await listAll(service, session);
  const theirs = fls({ image })
    .map((e) => `/${e.path}`)
    .sort();
  assert.deepEqual(all.entries.map((e) => e.path).sort(), theirs);
  const docs = await listAll(service, session, { filter: 'DOCS/', sort: 'size', descending: true });
  assert.deepEqual(
    docs.entries.map((e) => e.path),
    ['/docs/old/big.bin', '/docs/report.bin', '/docs/old/notes.bin', '/docs/old'],
  );
  const deleted = await listAll(service, session, { deleted: 'only' });
  assert.deepEqual(
    deleted.entries.map((e) => e.path),
    ['/gone.bin'],
  );
  const window = value<FileListWindow>(
    await service.handle('listFiles', { session, partition: 0, start: 3, count: 2 }),
  );
  assert.deepEqual(window.entries, all.entries.slice(3, 5));

  // Extents as istat lists the blocks.
  const report = all.entries.find((e) => e.path === '/docs/report.bin');
  assert.ok(report);
  const extents = value<ExtentsJson>(
    await service.handle('fileExtents', { session, partition: 0, address: report.address }),
  );
  const blocks = extents.extents.flatMap((e) =>
    Array.from({ length: e.blocks }, (_, i) => e.block + i),
  );
  assert.deepEqual(blocks, istatBlocks({ image }, String(report.inode)));

  // ownerOf starts the index; fileIndex events say how it goes; then it answers as ifind -d.
  const lba = String(extents.extents[0]?.lba ?? 0);
  const first = value<OwnerAnswer>(await service.handle('ownerOf', { session, lba }));
  assert.ok(first.status === 'indexing' || first.status === 'ready');
  for (let i = 0; i < 200; i++) {
    if (states.includes('ready')) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const answer = value<OwnerAnswer>(await service.handle('ownerOf', { session, lba }));
  assert.equal(answer.status, 'ready');
  if (answer.status === 'ready') {
    assert.equal(answer.owner.path, '/docs/report.bin');
    assert.equal(answer.owner.address, ifindBlock({ image }, blocks[0] ?? -1));
    assert.equal(answer.owner.offset, 0);
  }
  assert.equal(states[0], 'building');
  assert.equal(states.at(-1), 'ready');

  // Exports through the dialog hook: the file and its checksum, then a folder.
  const exported = value<{ name: string; sha256: string; bytes: number }>(
    await service.handle('exportFile', { session, partition: 0, address: report.address }),
  );
  assert.equal(choices[0], 'report.bin');
  const bytes = readFileSync(join(exports, exported.name));
  assert.ok(bytes.equals(files.get('docs/report.bin') ?? Buffer.alloc(0)));
  assert.equal(exported.sha256, createHash('sha256').update(bytes).digest('hex'));
  assert.match(
    readFileSync(join(exports, `${exported.name}.sha256`), 'utf8'),
    new RegExp(exported.sha256),
  );
  const folder = value<{ folder: string; files: number }>(
    await service.handle('exportDirectory', { session, partition: 0, path: '/docs' }),
  );
  assert.equal(folder.files, 3);
  assert.ok(
    readFileSync(join(exports, folder.folder, 'old', 'notes.bin')).equals(
      files.get('docs/old/notes.bin') ?? Buffer.alloc(0),
    ),
  );

  // Requests are checked in main.
  const bad = await service.handle('fileExtents', { session, partition: 0, address: '1-x' });
  assert.equal(bad.ok ? null : bad.error.code, 'INVALID_ARGUMENT');
  const past = await service.handle('ownerOf', { session, lba: '99999999' });
  assert.equal(past.ok ? null : past.error.code, 'OUT_OF_RANGE');
  const noPart = await service.handle('listFiles', { session, partition: 4 });
  assert.equal(noPart.ok ? null : noPart.error.code, 'NOT_FOUND');
});

test('without a way to choose a file, exports of files are refused with what to do', async (t) => {
  const dir = tempDir(t);
  const { image } = makeExt4(dir);
  const service = new DiskService({ fileCacheDir: null });
  t.after(() => service.dispose());
  const source = service.sources.add(image);
  const { session } = value<{ session: string }>(
    await service.handle('open', { source: source.id }),
  );
  const reply = await service.handle('exportFile', { session, partition: 0, address: '12' });
  assert.equal(reply.ok, false);
  if (!reply.ok) {
    assert.equal(reply.error.code, 'UNSUPPORTED');
    assert.match(reply.error.message, /--export-dir/);
  }
});
