import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appArgs, urlWithLba } from '../app-args';

// `npm start -- /dev/sdb --lba 2048` runs `electron PROJECT /dev/sdb --lba 2048` (defaultApp);
// a packaged app gets `sectorscope /dev/sdb --lba 2048`.
const unpacked = (...args: string[]) => appArgs(['electron', '/project', ...args], true);

test('--lba N names the first LBA and is no path', () => {
  assert.deepEqual(unpacked('/dev/sdb', '--lba', '2048'), {
    paths: ['/dev/sdb'],
    lba: 2048n,
    problem: null,
  });
  assert.deepEqual(unpacked('--lba=0x800', 'a.img', '--no-sandbox', 'b.img').lba, 2048n);
  assert.deepEqual(unpacked('--lba=0x800', 'a.img', '--no-sandbox', 'b.img').paths, [
    'a.img',
    'b.img',
  ]);
  assert.deepEqual(appArgs(['sectorscope', 'disk.img', '--lba', '7'], false).paths, ['disk.img']);
});

test('without --lba, paths only; a malformed --lba is said, and opens at 0', () => {
  assert.deepEqual(unpacked('disk.img'), { paths: ['disk.img'], lba: null, problem: null });
  const bad = unpacked('disk.img', '--lba', 'middle');
  assert.deepEqual(bad.paths, ['disk.img']);
  assert.equal(bad.lba, null);
  assert.match(bad.problem ?? '', /--lba must be a whole number .* got "middle"/);
});

test('the window URL carries the LBA in its fragment, as a browser URL does', () => {
  assert.equal(
    urlWithLba('app://sectorscope/index.html', 2048n),
    'app://sectorscope/index.html#lba=2048',
  );
  assert.equal(urlWithLba('app://sectorscope/index.html', null), 'app://sectorscope/index.html');
});
