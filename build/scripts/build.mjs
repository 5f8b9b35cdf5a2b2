// Builds everything `npm start`, the CLI and the tests need into dist/:
// the Node/Electron bundles (esbuild), the renderer (Vite) and the built-in sample disk.
// `--node-bundles-to DIR` builds only the Node bundles, into DIR (a test runs the bundled CLI).
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('../..', import.meta.url).pathname;
const { values: options } = parseArgs({
  options: { quiet: { type: 'boolean', default: false }, 'node-bundles-to': { type: 'string' } },
});
const quiet = options.quiet;
const nodeOnly = options['node-bundles-to'] !== undefined;
const dist = nodeOnly ? resolve(options['node-bundles-to']) : join(root, 'dist');

const nodeBundles = [
  { entry: 'electron/main/main.ts', out: 'main.cjs' },
  { entry: 'electron/preload/preload.ts', out: 'preload.cjs' },
  { entry: 'electron/launcher/launch.ts', out: 'launch.cjs' },
  { entry: 'electron/cli/cli.ts', out: 'cli.cjs' },
  // Job threads (hash, search, export); main.cjs and cli.cjs start it from beside themselves.
  { entry: 'electron/jobs/job-worker.ts', out: 'job-worker.cjs' },
  // A disk's read thread (native-bridge/read-thread), started from beside whichever bundle reads.
  { entry: 'native-bridge/read-thread/read-thread-worker.ts', out: 'read-thread.cjs' },
  // An evidence image's thread (libewf, libtsk), likewise.
  { entry: 'native-bridge/image-library/image-thread-worker.ts', out: 'image-thread.cjs' },
  // A file system's thread (libtsk), started by whoever reads files.
  { entry: 'electron/files/fs-thread-worker.ts', out: 'fs-thread.cjs' },
  { entry: 'electron/sample/write-sample-disk.ts', out: 'tools/write-sample-disk.cjs' },
];

mkdirSync(dist, { recursive: true });

await Promise.all(
  nodeBundles.map(({ entry, out }) =>
    esbuild({
      entryPoints: [join(root, entry)],
      outfile: join(dist, out),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      // koffi loads its native module at run time; electron is provided by the runtime.
      external: ['electron', 'koffi'],
      sourcemap: 'linked',
      logLevel: 'warning',
    }),
  ),
);
chmodSync(join(dist, 'cli.cjs'), 0o755);
if (nodeOnly) process.exit(0);

rmSync(join(dist, 'renderer'), { recursive: true, force: true });
await viteBuild({
  root: join(root, 'renderer'),
  base: './',
  logLevel: quiet ? 'warn' : 'info',
  build: {
    outDir: join(dist, 'renderer'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
    // SECTORSCOPE_NO_MINIFY=1 keeps names readable in CPU profiles.
    minify: process.env.SECTORSCOPE_NO_MINIFY ? false : 'esbuild',
    rollupOptions: {
      // react-window marks itself "use client" for server components; meaningless here.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});

// Deterministic, so rebuilding it always gives the same bytes (and picks up generator changes).
execFileSync(
  process.execPath,
  [join(dist, 'tools/write-sample-disk.cjs'), join(dist, 'sample-disk.img'), '--force'],
  { stdio: quiet ? 'ignore' : 'inherit' },
);
console.log('Built dist/ (main, preload, launcher, CLI, renderer, sample disk).');
