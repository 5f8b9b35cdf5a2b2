// The generator writes the same bytes every time, as a sparse file of the intended size.

import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SAMPLE_DISK_SIZE, writeSampleDisk } from '../sample-disk';
import { toolText } from './oracle-tools';
import { makeTempFolder } from './temp-sample';

let temp: Awaited<ReturnType<typeof makeTempFolder>>;
before(async () => {
  temp = await makeTempFolder();
});
after(() => temp.remove());

test('two runs give identical images (sha256sum)', async () => {
  const first = join(temp.folder, 'first.img');
  const second = join(temp.folder, 'second.img');
  await writeSampleDisk(first);
  await new Promise((resolve) => setTimeout(resolve, 1100)); // a clock tick must not matter
  await writeSampleDisk(second);
  const sums = toolText('sha256sum', [first, second])
    .trim()
    .split('\n')
    .map((line) => line.split(/\s+/)[0]);
  assert.equal(sums.length, 2);
  assert.match(sums[0] ?? '', /^[0-9a-f]{64}$/);
  assert.equal(sums[0], sums[1]);
});

test('the image is 64 MiB and sparse: only a few hundred KiB are allocated', async () => {
  const image = join(temp.folder, 'sparse.img');
  await writeSampleDisk(image);
  const info = await stat(image);
  assert.equal(info.size, 64 * 2 ** 20);
  assert.equal(SAMPLE_DISK_SIZE, info.size);
  const allocated = Number(toolText('du', ['--block-size=1', image]).split(/\s+/)[0]);
  assert.ok(allocated < 2 ** 20, `${allocated} bytes allocated`);
});
