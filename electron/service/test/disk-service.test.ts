import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { WireReply } from '../../shared/contract';
import { openSource, type EvidenceSource } from '../../source';
import { DiskService } from '../disk-service';

function expectError(reply: WireReply<unknown>, code: string, message?: RegExp) {
  assert.equal(reply.ok, false, `expected ${code}, got success`);
  if (reply.ok) return;
  assert.equal(reply.error.code, code, reply.error.message);
  if (message) assert.match(reply.error.message, message);
}

function value<T>(reply: WireReply<unknown>): T {
  if (!reply.ok) assert.fail(`${reply.error.code}: ${reply.error.message}`);
  return reply.value as T;
}

describe('DiskService over real files', () => {
  let dir: string;
  let imagePath: string;
  let image: Buffer;
  let readCalls = 0;
  let service: DiskService;
  let session: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sectorscope-service-'));
    imagePath = join(dir, 'disk.img');
    image = randomBytes(4 * 1024 * 1024);
    writeFileSync(imagePath, image);
    writeFileSync(join(dir, 'empty.img'), '');
    mkdirSync(join(dir, 'a-directory'));
    service = new DiskService({
      cacheBytes: 256 * 1024,
      openSource: async (path) => {
        const source = await openSource({ path });
        const counting: EvidenceSource = {
          identity: source.identity,
          geometry: source.geometry,
          details: source.details,
          read: (offset, length, options) => {
            readCalls++;
            return source.read(offset, length, options);
          },
          close: () => source.close(),
        };
        return counting;
      },
    });
    const source = service.sources.add(imagePath);
    session = value<{ session: string }>(
      await service.handle('open', { source: source.id }),
    ).session;
  });
  after(async () => {
    await service?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('lists only the sources it was given, and opens them read-only with their geometry', async () => {
    const sources = value<{ path: string }[]>(await service.handle('listSources', {}));
    assert.deepEqual(
      sources.map((s) => s.path),
      [imagePath],
    );
    const other = service.sources.add(imagePath);
    const opened = value<{ geometry: Record<string, unknown> }>(
      await service.handle('open', { source: other.id }),
    );
    assert.deepEqual(opened.geometry, {
      path: imagePath,
      kind: 'file',
      size: String(image.length),
      logicalSectorSize: 512,
      physicalSectorSize: 512,
      sectorCount: String(image.length / 512),
      directIO: true,
      readOnly: true,
    });
  });

  test('reads return the bytes on disk, including the last sector', async () => {
    const lastLba = image.length / 512 - 1;
    for (const [lba, count] of [
      [0, 1],
      [7, 128],
      [lastLba, 1],
      [lastLba - 99, 100],
    ] as const) {
      const page = value<{ data: Uint8Array; unreadable: string[]; lba: string }>(
        await service.handle('readSectors', { session, lba: String(lba), count }),
      );
      assert.equal(page.lba, String(lba));
      assert.deepEqual(page.unreadable, []);
      assert.ok(Buffer.from(page.data).equals(image.subarray(lba * 512, (lba + count) * 512)));
    }
  });

  test('duplicate in-flight requests are coalesced and answers are cached', async () => {
    const before = readCalls;
    const params = { session, lba: '4000', count: 64 };
    const replies = await Promise.all(
      [1, 2, 3, 4].map(() => service.handle('readSectors', params)),
    );
    assert.equal(readCalls - before, 1, 'four identical requests, one read');
    for (const reply of replies) assert.ok(reply.ok);
    await service.handle('readSectors', params);
    assert.equal(readCalls - before, 1, 'the fifth comes from the cache');
  });

  test('the page cache stays within its byte bound', async () => {
    for (let lba = 0; lba < 4096; lba += 128) {
      await service.handle('readSectors', { session, lba: String(lba), count: 128 });
      assert.ok(service.cacheBytes <= 256 * 1024, `cache holds ${service.cacheBytes} bytes`);
    }
  });

  test('every argument is validated, with a message that says what is wrong', async () => {
    const last = image.length / 512 - 1;
    expectError(await service.handle('format', {}), 'INVALID_ARGUMENT', /Unknown method/);
    expectError(await service.handle('__proto__', {}), 'INVALID_ARGUMENT', /Unknown method/);
    expectError(
      await service.handle('readSectors', 'lba=0'),
      'INVALID_ARGUMENT',
      /must be an object/,
    );
    expectError(await service.handle('readSectors', [1]), 'INVALID_ARGUMENT', /must be an object/);
    expectError(
      await service.handle('readSectors', { lba: '0', count: 1 }),
      'INVALID_ARGUMENT',
      /"session"/,
    );
    expectError(
      await service.handle('readSectors', { session: 'nope', lba: '0', count: 1 }),
      'NO_SESSION',
      /No open disk/,
    );
    const bad = (lba: unknown, count: unknown) =>
      service.handle('readSectors', { session, lba, count });
    expectError(await bad('-1', 1), 'INVALID_ARGUMENT', /whole number of sectors, 0 or more/);
    expectError(await bad(-1, 1), 'INVALID_ARGUMENT', /0 or more/);
    expectError(await bad('abc', 1), 'INVALID_ARGUMENT', /got "abc"/);
    expectError(await bad('1.5', 1), 'INVALID_ARGUMENT');
    expectError(await bad(1.5, 1), 'INVALID_ARGUMENT');
    expectError(await bad('0x10', 1), 'INVALID_ARGUMENT', /decimal/);
    expectError(await bad(undefined, 1), 'INVALID_ARGUMENT', /got nothing/);
    expectError(await bad('0', 0), 'INVALID_ARGUMENT', /1 or more/);
    expectError(await bad('0', '1'), 'INVALID_ARGUMENT');
    expectError(await bad('0', 1_000_000_000), 'OUT_OF_RANGE', /too large: at most 2048 sectors/);
    expectError(await bad(String(last + 1), 1), 'OUT_OF_RANGE', new RegExp(`last LBA is ${last}`));
    expectError(await bad('99999999999999999999', 1), 'OUT_OF_RANGE', /past the end/);
    expectError(await bad(String(last), 2), 'OUT_OF_RANGE', /runs past the end/);
    expectError(await service.handle('open', { source: 'not-a-source' }), 'NO_SOURCE');
    expectError(await service.handle('chooseSource', {}), 'UNSUPPORTED', /browser mode/);
  });

  test("opening what is not a readable disk gives the reader's clear error", async () => {
    const cases: [string, string][] = [
      [join(dir, 'missing.img'), 'NOT_FOUND'],
      [join(dir, 'a-directory'), 'IS_DIRECTORY'],
      ['/dev/null', 'NOT_A_DISK'],
      [join(dir, 'empty.img'), 'EMPTY'],
    ];
    for (const [path, code] of cases) {
      const source = service.sources.add(path);
      expectError(await service.handle('open', { source: source.id }), code);
    }
  });

  test('a closed session is gone, and the image never changed', async () => {
    const source = service.sources.add(imagePath);
    const temp = value<{ session: string }>(
      await service.handle('open', { source: source.id }),
    ).session;
    value(await service.handle('close', { session: temp }));
    expectError(
      await service.handle('readSectors', { session: temp, lba: '0', count: 1 }),
      'NO_SESSION',
    );
    expectError(await service.handle('close', { session: temp }), 'NO_SESSION');
    assert.ok(readFileSync(imagePath).equals(image));
  });
});
