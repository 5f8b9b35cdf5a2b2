// The content map as a job, on images of regions of known content checked cell by cell: the
// quick map (samples) and the full map (every byte) agree with the rules and with each other,
// cells that span regions take the class of most of their bytes, cells stream in as they are
// made, a region the FUSE rig makes unreadable maps as unreadable, an E01 maps as its raw disk
// does, and a full map cancels.

import assert from 'node:assert/strict';
import { closeSync, ftruncateSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  attachFaultyDisk,
  canUseFaultyDisk,
} from '../../../native-bridge/test/faulty-disk/faulty-disk';
import { formatToolsMissing, makeEwf } from '../../source/test/helpers/evidence-images';
import type { JobProgress, MapCellView, MapResult, MapMode } from '../../shared/contract';
import { JobCancelledError } from '../job-cancelled';
import { parseJobSpec } from '../job-validation';
import { runJobOnPath, type RunJobOptions } from '../run-job-on-path';
import { tempDir } from './job-test-support';
import { REGION_CLASS, writeRegionImage, type RegionKind } from './map-images';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** Eight regions of 2 MiB, one kind each. */
const REGIONS: RegionKind[] = ['zero', 'fill', 'text', 'utf16', 'random', 'binary', 'zero', 'text'];

async function mapOf(
  path: string,
  mode: MapMode,
  cells: number,
  options: RunJobOptions = {},
): Promise<MapResult> {
  const { result } = await runJobOnPath(path, undefined, { kind: 'map', mode, cells }, options);
  assert.equal(result.kind, 'map');
  return result as MapResult;
}

/** Cell by cell: the class of its region, nothing else in it. */
function checkRegions(map: MapResult, regionBytes: number, sectorSize: number): void {
  const perRegion = map.cells.length / REGIONS.length;
  map.cells.forEach((cell, i) => {
    const kind = REGIONS[Math.floor(i / perRegion)] as RegionKind;
    const expected = REGION_CLASS[kind];
    assert.equal(cell.class, expected, `cell ${i} (${kind})`);
    assert.deepEqual(Object.keys(cell.mix), [expected], `cell ${i} holds only ${kind}`);
    assert.equal(cell.unreadableSectors, 0);
    const sectors = regionBytes / perRegion / sectorSize;
    assert.equal(BigInt(cell.start), BigInt(i * sectors));
    assert.equal(BigInt(cell.end), BigInt((i + 1) * sectors - 1));
    if (kind === 'zero') assert.equal(cell.entropy, 0);
    if (kind === 'random') assert.ok((cell.entropy ?? 0) > 7.9, `entropy ${cell.entropy}`);
    if (kind === 'fill') assert.equal(cell.fillByte, 0xff);
  });
}

describe('a map of regions of known content', () => {
  for (const sectorSize of [512, 4096]) {
    test(`${sectorSize}-byte sectors: quick and full maps, cell by cell`, async (t) => {
      const path = join(tempDir(t, 'sectorscope-map-'), 'regions.img');
      writeRegionImage(
        path,
        REGIONS.map((kind) => ({ kind, bytes: 2 * MiB })),
      );
      const full = await mapOf(path, 'full', 32, { sectorSize });
      assert.equal(full.cells.length, 32);
      checkRegions(full, 2 * MiB, sectorSize);
      assert.ok(full.cells.every((cell) => cell.exact && cell.bytes === 512 * KiB));
      assert.equal(full.bytes, String(16 * MiB));
      assert.equal(full.samplesPerCell, null);
      assert.deepEqual(full.image, {
        format: 'raw',
        size: String(16 * MiB),
        logicalSectorSize: sectorSize,
        storedHashes: {},
      });

      const quick = await mapOf(path, 'quick', 32, { sectorSize });
      checkRegions(quick, 2 * MiB, sectorSize);
      assert.ok(quick.cells.every((cell) => !cell.exact && cell.bytes === 8 * 4096));
      assert.equal(quick.bytes, String(32 * 8 * 4096));
      assert.equal(quick.samplesPerCell, 8);
    });
  }

  test('a cell that spans regions takes the class of most of its bytes, with the mix', async (t) => {
    const path = join(tempDir(t, 'sectorscope-map-'), 'spans.img');
    // Two cells of 512 KiB: the second is 128 KiB of zeros and 384 KiB of text.
    writeRegionImage(path, [
      { kind: 'zero', bytes: 640 * KiB },
      { kind: 'text', bytes: 384 * KiB },
    ]);
    const map = await mapOf(path, 'full', 2);
    assert.deepEqual(
      map.cells.map((cell) => [cell.class, cell.mix]),
      [
        ['zero', { zero: 512 * KiB }],
        ['text', { zero: 128 * KiB, text: 384 * KiB }],
      ],
    );
    // One cell for the whole image: its block is classified half by this thread, half by the
    // helper (on two cores or more), and the halves add up.
    const [whole] = (await mapOf(path, 'full', 1)).cells;
    assert.equal(whole?.class, 'zero');
    assert.deepEqual(whole?.mix, { zero: 640 * KiB, text: 384 * KiB });
    // A cell of 1 unit per sample: a quick map of 256 cells reads every unit, exactly.
    const quick = await mapOf(path, 'quick', 256);
    assert.ok(quick.cells.every((cell) => cell.exact));
    const fine = await mapOf(path, 'full', 256);
    assert.deepEqual(quick.cells, fine.cells);
  });

  test('an image that ends mid-sector, and a range of the disk', async (t) => {
    const dir = tempDir(t, 'sectorscope-map-');
    const path = join(dir, 'odd.img');
    writeRegionImage(path, [
      { kind: 'random', bytes: MiB },
      { kind: 'fill', bytes: MiB + 100 },
    ]);
    const map = await mapOf(path, 'full', 4);
    assert.deepEqual(
      map.cells.map((cell) => cell.class),
      ['random', 'random', 'fill', 'fill'],
    );
    // 4097 sectors, the last with 100 bytes of data: 513 units in cells of 128, 128, 128, 129.
    assert.deepEqual(
      map.cells.map((cell) => [cell.start, cell.end]),
      [
        ['0', '1023'],
        ['1024', '2047'],
        ['2048', '3071'],
        ['3072', '4096'],
      ],
    );
    assert.equal(
      map.cells.reduce((sum, cell) => sum + cell.bytes, 0),
      2 * MiB + 100,
    );

    const { result } = await runJobOnPath(
      path,
      { lba: 2048n, count: 1024n },
      { kind: 'map', mode: 'full', cells: 2 },
    );
    const range = result as MapResult;
    assert.deepEqual(
      range.cells.map((cell) => [cell.start, cell.end, cell.class]),
      [
        ['2048', '2559', 'fill'],
        ['2560', '3071', 'fill'],
      ],
    );
    assert.equal(range.lba, '2048');
    assert.equal(range.count, '1024');
  });

  for (const mode of ['quick', 'full'] as const) {
    test(`a ${mode} map streams every cell first, then each change; they add up to the result`, async (t) => {
      const path = join(tempDir(t, 'sectorscope-map-'), 'stream.img');
      writeRegionImage(
        path,
        REGIONS.map((kind) => ({ kind, bytes: MiB })),
      );
      const batches: MapCellView[][] = [];
      let last: JobProgress | undefined;
      const map = await mapOf(path, mode, 64, {
        onCells: (cells) => batches.push(cells),
        onProgress: (progress) => (last = progress),
        blockBytes: 256 * KiB,
      });
      const [first, ...rest] = batches;
      assert.equal(first?.length, 64, 'the whole layout first');
      assert.ok(first?.every((cell) => cell.class === null && cell.bytes === 0));
      assert.deepEqual(
        first?.map((cell) => [cell.start, cell.end]),
        map.cells.map((cell) => [cell.start, cell.end]),
      );
      const latest = new Map<number, MapCellView>();
      for (const batch of rest) {
        const indexes = batch.map((cell) => cell.index);
        assert.deepEqual(
          indexes,
          [...indexes].sort((a, b) => a - b),
          'in index order',
        );
        for (const cell of batch) latest.set(cell.index, cell);
      }
      assert.deepEqual(
        [...latest.keys()].sort((a, b) => a - b).map((i) => latest.get(i)),
        map.cells,
      );
      assert.equal(last?.bytesDone, map.bytes);
      assert.equal(last?.bytesTotal, map.bytes);
    });
  }

  test('the spec: defaults, and every bound refused', () => {
    assert.deepEqual(parseJobSpec({ kind: 'map' }), {
      kind: 'map',
      mode: 'quick',
      cells: 4096,
      samplesPerCell: 8,
    });
    for (const bad of [
      { mode: 'slow' },
      { cells: 0 },
      { cells: 65537 },
      { cells: 1.5 },
      { samplesPerCell: 65 },
      { cells: '64' },
    ]) {
      assert.throws(() => parseJobSpec({ kind: 'map', ...bad }), /must be/, JSON.stringify(bad));
    }
  });
});

describe('a map of a disk with an unreadable region', { skip: canUseFaultyDisk() ?? false }, () => {
  test('its cells are unreadable, others say how many of their sectors are', async (t) => {
    const dir = tempDir(t, 'sectorscope-map-');
    const backing = join(dir, 'backing.img');
    // 16 cells of 256 KiB (512 sectors); cell 5 (random data) cannot be read at all, and two
    // sectors of cell 10 (text) cannot either.
    const kinds: RegionKind[] = ['zero', 'fill', 'text', 'random'];
    writeRegionImage(
      backing,
      Array.from({ length: 16 }, (_, i) => ({
        kind: kinds[i % 4] as RegionKind,
        bytes: 256 * KiB,
      })),
    );
    const bad = [
      ...Array.from({ length: 512 }, (_, k) => BigInt(5 * 512 + k)),
      BigInt(10 * 512 + 10),
      BigInt(10 * 512 + 300),
    ];
    const disk = await attachFaultyDisk({
      backingImage: backing,
      sectorSize: 512,
      badSectors: bad,
    });
    t.after(() => disk.detach());

    for (const mode of ['full', 'quick'] as const) {
      const map = await mapOf(disk.device, mode, 16, { retries: 0, blockBytes: 256 * KiB });
      const classes = map.cells.map((cell) => cell.class);
      const expected = Array.from({ length: 16 }, (_, i) =>
        i === 5 ? 'unreadable' : REGION_CLASS[kinds[i % 4] as RegionKind],
      );
      assert.deepEqual(classes, expected, mode);
      const cell5 = map.cells[5] as MapCellView;
      assert.deepEqual(Object.keys(cell5.mix), ['unreadable']);
      assert.equal(cell5.entropy, null);
      if (mode === 'full') {
        assert.equal(cell5.unreadableSectors, 512);
        assert.deepEqual(map.cells[10]?.mix, { text: 256 * KiB - 1024, unreadable: 1024 });
        assert.equal(map.cells[10]?.unreadableSectors, 2);
        assert.deepEqual(map.badSectors, bad.map(String));
      } else {
        // 8 samples of 8 sectors each in cell 5; the units sampled in cell 10 hold neither bad one.
        assert.equal(cell5.unreadableSectors, 64);
        assert.equal(map.badSectors.length, 64);
      }
    }
  });
});

describe('a map of an E01', { skip: formatToolsMissing() ?? false }, () => {
  test('equals the map of its raw disk, quick and full', async (t) => {
    const dir = tempDir(t, 'sectorscope-map-');
    const raw = join(dir, 'disk.raw');
    writeRegionImage(
      raw,
      REGIONS.map((kind) => ({ kind, bytes: MiB })),
    );
    const e01 = makeEwf(raw, join(dir, 'disk'));
    for (const mode of ['quick', 'full'] as const) {
      const fromRaw = await mapOf(raw, mode, 64);
      const fromEwf = await mapOf(e01, mode, 64);
      assert.equal(fromEwf.image.format, 'ewf');
      assert.match(fromEwf.image.storedHashes.md5 ?? '', /^[0-9a-f]{32}$/);
      assert.deepEqual(fromEwf.cells, fromRaw.cells, mode);
      assert.equal(fromEwf.bytes, fromRaw.bytes);
    }
  });
});

test(
  'a quick map cancels within a second while its reads hang',
  { skip: canUseFaultyDisk() ?? false },
  async (t) => {
    const backing = join(tempDir(t, 'sectorscope-map-'), 'slow.img');
    writeRegionImage(backing, [{ kind: 'text', bytes: 4 * MiB }]);
    // Every read answers after 5 s: a disk that is dying, or spun down.
    const disk = await attachFaultyDisk({ backingImage: backing, delay: { ms: 5000 } });
    t.after(() => disk.detach());
    const controller = new AbortController();
    let reading!: () => void;
    const layout = new Promise<void>((resolve) => (reading = resolve));
    // The layout goes out just before the first samples are read.
    const job = mapOf(disk.device, 'quick', 64, {
      signal: controller.signal,
      onCells: () => reading(),
    });
    job.catch(() => undefined);
    await layout;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    controller.abort();
    await assert.rejects(job, JobCancelledError);
    const latency = performance.now() - started;
    t.diagnostic(`cancelled in ${latency.toFixed(0)} ms`);
    assert.ok(latency < 1000, `cancel took ${latency} ms`);
  },
);

test('a full map of a 64 GiB sparse image cancels', async (t) => {
  const path = join(tempDir(t, 'sectorscope-map-'), 'sparse.img');
  const fd = openSync(path, 'w');
  ftruncateSync(fd, 64 * GiB);
  closeSync(fd);
  const controller = new AbortController();
  let progressed!: () => void;
  const progress = new Promise<void>((resolve) => (progressed = resolve));
  const job = mapOf(path, 'full', 4096, {
    signal: controller.signal,
    onProgress: () => progressed(),
  });
  job.catch(() => undefined);
  await progress;
  controller.abort();
  await assert.rejects(job, JobCancelledError);
});
