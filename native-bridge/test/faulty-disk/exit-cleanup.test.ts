// A test process that dies without detaching must not leave loop devices or mounts behind.
// Oracles: losetup's device list and /proc/self/mountinfo.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { canUseFaultyDisk } from './faulty-disk';
import { isMounted } from './mount-faulty-image';
import { runTool, runToolOrThrow } from './run-tool';
import { cleanupStack, makeWorkDir, writeRandomImage } from './test-images';

const FIXTURE = fileURLToPath(new URL('./fixtures/attach-and-leave.ts', import.meta.url));
const skip = canUseFaultyDisk() ?? false;

interface Left {
  device: string;
  mountpoint: string;
  /** The served file as "major:minor:inode". */
  file: string;
}

/** Runs the fixture; resolves with what it attached once it printed it, and its exit. */
function runFixture(backingImage: string, mode: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, backingImage, mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const attached = new Promise<Left>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('\n')) resolve(JSON.parse(stdout) as Left);
    });
    child.once('close', () => reject(new Error(`fixture ended without attaching: ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  return { child, attached, exited, stderr: () => stderr };
}

/** Loop devices whose backing file is the given "major:minor:inode" (paths change on unmount). */
async function loopsOnFile(file: string): Promise<string[]> {
  const columns = 'NAME,BACK-MAJ:MIN,BACK-INO';
  const { stdout } = await runToolOrThrow('losetup', ['--list', '--json', '--output', columns]);
  if (stdout.trim() === '') return [];
  const { loopdevices } = JSON.parse(stdout) as {
    loopdevices: { name: string; 'back-maj:min': string; 'back-ino': number }[];
  };
  return loopdevices
    .filter((loop) => `${loop['back-maj:min'].trim()}:${loop['back-ino']}` === file)
    .map((loop) => loop.name);
}

describe('cleanup when the test process ends without detaching', { skip }, () => {
  for (const mode of ['return', 'exit', 'throw']) {
    test(`after '${mode}', the loop device and the mount are gone`, async (t) => {
      const defer = cleanupStack(t);
      const work = await makeWorkDir();
      defer(work.remove);
      const backingImage = join(work.dir, 'backing.img');
      await writeRandomImage(backingImage, 64 * 1024);

      const fixture = runFixture(backingImage, mode);
      const left = await fixture.attached;
      const code = await fixture.exited;
      assert.equal(code, { return: 0, exit: 3, throw: 1 }[mode], fixture.stderr());

      assert.deepEqual(await loopsOnFile(left.file), [], 'loop device left attached');
      assert.equal(await isMounted(left.mountpoint), false);
      assert.equal(existsSync(dirname(left.mountpoint)), false, 'temp folder left behind');
    });
  }

  test('after SIGKILL, the FUSE program unmounts itself', async (t) => {
    const defer = cleanupStack(t);
    const work = await makeWorkDir();
    defer(work.remove);
    const backingImage = join(work.dir, 'backing.img');
    await writeRandomImage(backingImage, 64 * 1024);

    const fixture = runFixture(backingImage, 'hang');
    const left = await fixture.attached;
    // Nothing in the killed process can detach its loop device: this test does it.
    defer(() => runTool('rm', ['-rf', dirname(left.mountpoint)]));
    defer(async () => {
      for (const device of await loopsOnFile(left.file)) {
        await runToolOrThrow('losetup', ['-d', device]);
      }
    });
    assert.deepEqual(await loopsOnFile(left.file), [left.device]);
    assert.equal(await isMounted(left.mountpoint), true);
    fixture.child.kill('SIGKILL');
    await fixture.exited;

    const deadline = Date.now() + 5_000;
    while ((await isMounted(left.mountpoint)) && Date.now() < deadline) await sleep(50);
    assert.equal(await isMounted(left.mountpoint), false, 'still mounted 5 s after SIGKILL');
  });
});
