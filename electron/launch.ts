// `npm start [-- PATH…]`: checks what would make Electron abort, then starts it on this project.
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { rootSandboxProblem } from './main/root-sandbox';

const args = process.argv.slice(2);
const problem = rootSandboxProblem(args, process.getuid?.());
if (problem) {
  console.error(problem);
  process.exit(1);
}

// The electron package resolves (and on first use downloads) the binary for this platform.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const electronBinary = require('electron') as string;
const projectRoot = dirname(__dirname);
const child = spawn(electronBinary, [projectRoot, ...args], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => child.kill(signal));
}
