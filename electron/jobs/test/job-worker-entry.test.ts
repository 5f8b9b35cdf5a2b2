// The job thread's entry: the digest helper of a hash job loads no native module. A hash job
// terminates its helper when it ends, and a thread terminated while koffi's native module
// initialises aborts the whole process; a helper that never loads it cannot.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { DigestWorkerData, FromDigestThread } from '../digest-thread';
import { startJobWorker } from '../worker-launch';

const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

/** Whether any thread of this process has loaded koffi's native module. */
function koffiLoaded(): boolean {
  return readFileSync('/proc/self/maps', 'utf8').includes('koffi.node');
}

test('the digest helper of a hash job loads no native module', async () => {
  assert.equal(koffiLoaded(), false, 'this test file loads nothing that loads koffi');
  const data: DigestWorkerData = { role: 'digest', algorithms: ['md5'], blocks: [] };
  const helper = startJobWorker(data);
  const answer = await new Promise<FromDigestThread>((resolve, reject) => {
    helper.once('message', resolve);
    helper.once('error', reject);
    helper.postMessage({ type: 'finish' });
  });
  assert.deepEqual(answer, { type: 'digests', digests: { md5: EMPTY_MD5 } });
  assert.equal(koffiLoaded(), false, 'the helper loaded koffi');
  await helper.terminate();

  await import('koffi');
  assert.equal(koffiLoaded(), true, 'the check sees koffi once it is loaded');
});
