// The native bridge as the app ships it: bundled by esbuild like dist/main.cjs and dist/cli.cjs,
// with its read thread's worker bundled beside it. The bench sections run under tsx, whose
// transpiled code (esbuild keepNames wrappers, a tsx-hooked worker) is not what users run; a
// measure of the bridge's own overhead should time the shipped code.

import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

type NativeBridge = typeof import('../../native-bridge');

const ROOT = join(__dirname, '..', '..');

export async function loadShippedBridge(dataDir: string): Promise<NativeBridge> {
  const outdir = join(dataDir, 'shipped-bridge');
  mkdirSync(outdir, { recursive: true });
  const entries = {
    'native-bridge': join(ROOT, 'native-bridge', 'index.ts'),
    // ReadThread starts `read-thread.cjs` from beside the bundle that runs it.
    'read-thread': join(ROOT, 'native-bridge', 'read-thread', 'read-thread-worker.ts'),
  };
  await build({
    entryPoints: entries,
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['koffi'],
    logLevel: 'warning',
  });
  return createRequire(__filename)(join(outdir, 'native-bridge.cjs')) as NativeBridge;
}
