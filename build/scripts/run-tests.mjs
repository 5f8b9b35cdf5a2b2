// Runs every *.test.ts under the project's source folders with Node's test runner (through tsx).
// Arguments narrow the run to paths containing any of them: `node build/scripts/run-tests.mjs native-bridge`.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;
const folders = ['native-bridge', 'electron', 'renderer', 'e2e', 'build'];

function findTests(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...findTests(full));
    else if (name.endsWith('.test.ts') || name.endsWith('.test.tsx')) found.push(full);
  }
  return found;
}

const filters = process.argv.slice(2);
const files = folders
  .flatMap((folder) => findTests(join(root, folder)))
  .map((file) => relative(root, file))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();

if (files.length === 0) {
  console.error('No test files matched.');
  process.exit(1);
}

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
