// A hash of a disk that vanishes half-way (the FUSE process behind its loop device killed, so
// every read fails): the job stops with GONE and the reason, instead of finishing "done" with
// every remaining sector zero-filled as if bad.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  attachFaultyDisk,
  canUseFaultyDisk,
} from '../../../native-bridge/test/faulty-disk/faulty-disk';
import { fuseProcessOf } from '../../../native-bridge/test/fuse-process';
import { SectorscopeError } from '../../shared/contract';
import { runJobOnPath } from '../run-job-on-path';
import { tempDir } from './job-test-support';

test(
  'a disk that goes away during a hash fails the job with GONE, not done with zeros',
  { skip: canUseFaultyDisk() ?? false },
  async (t) => {
    const backingImage = join(tempDir(t), 'vanishing.img');
    writeFileSync(backingImage, randomBytes(32 * 1024 * 1024));
    // Every read answers late, so the job is still reading when the disk goes.
    const disk = await attachFaultyDisk({ backingImage, sectorSize: 512, delay: { ms: 20 } });
    t.after(() => disk.detach().catch(() => undefined));
    let bytesDone = 0n;
    const hashing = runJobOnPath(
      disk.device,
      undefined,
      { kind: 'hash', algorithms: ['md5'] },
      { onProgress: (progress) => (bytesDone = BigInt(progress.bytesDone)) },
    );
    for (let wait = 0; wait < 200 && bytesDone === 0n; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.ok(bytesDone > 0n, 'the job was reading');
    process.kill(fuseProcessOf(disk.mountpoint), 'SIGKILL');
    await assert.rejects(hashing, (error) => {
      assert.ok(error instanceof SectorscopeError);
      assert.equal(error.code, 'GONE');
      assert.match(
        error.message,
        /went away while it was read: the file behind it, .* cannot be reached/,
      );
      return true;
    });
    t.diagnostic(`the job had hashed ${bytesDone} of ${32 * 1024 * 1024} bytes`);
  },
);
