import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { crc32 } from 'node:zlib';
import { analyzeDisk, partitionsReport } from '../../../../electron/shared/disk';
import { fileSource } from '../../../../electron/shared/disk/test/helpers/memory-source';
import { lbaAtX, layoutSegments, xOfLba } from '../map-segments';

/** A 16 TiB sparse GPT disk (sgdisk) with 1 MiB partitions beside a huge one. */
test('the disk map stays to scale and exact on a 16 TiB disk with tiny partitions', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sectorscope-16t-'));
  try {
    const image = join(dir, 'disk-16t.img');
    const size = 16n * 1024n ** 4n - 1024n * 1024n; // ext4 caps a file just under 16 TiB
    const fd = openSync(image, 'w');
    ftruncateSync(fd, Number(size));
    closeSync(fd);
    execFileSync('sgdisk', ['--new=1:2048:+1M', '--new=2:0:-2M', '--new=3:0:+1M', image], {
      stdio: 'pipe',
    });
    const source = fileSource(image);
    const layout = await analyzeDisk(source, { crc32 });
    source.close();
    const report = partitionsReport(layout);
    assert.equal(report.partitions.length, 3);

    const width = 1000;
    const segments = layoutSegments(report, width);
    const total = segments.reduce((sum, s) => sum + s.width, 0);
    assert.ok(Math.abs(total - width) < 0.01, `segments fill the bar: ${total}`);
    for (const segment of segments) assert.ok(segment.width >= 3, `${segment.label} is visible`);
    for (let i = 1; i < segments.length; i++) {
      const [a, b] = [segments[i - 1], segments[i]];
      assert.ok(a && b && b.start === a.end + 1n, 'segments are contiguous in LBAs');
    }
    const tiny = segments.find((s) => s.partitionIndex === 1);
    const last = segments.find((s) => s.partitionIndex === 3);
    const huge = segments.find((s) => s.partitionIndex === 2);
    assert.ok(tiny && last && huge);
    // A click in the middle of a tiny segment lands inside that partition.
    const lba = lbaAtX(segments, tiny.x + tiny.width / 2);
    assert.ok(lba >= tiny.start && lba <= tiny.end);
    const lastLba = lbaAtX(segments, last.x + last.width - 0.01);
    assert.ok(lastLba >= last.start && lastLba <= last.end);
    // Positions in the huge partition map back to within a pixel.
    for (const probe of [huge.start, (huge.start + huge.end) / 2n, huge.end]) {
      const x = xOfLba(segments, probe);
      assert.ok(x >= huge.x && x <= huge.x + huge.width);
      const back = lbaAtX(segments, x);
      const sectorsPerPixel = (huge.end - huge.start + 1n) / BigInt(Math.ceil(huge.width));
      const error = back > probe ? back - probe : probe - back;
      assert.ok(error <= sectorsPerPixel + 1n, `LBA ${probe} -> x ${x} -> LBA ${back}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
