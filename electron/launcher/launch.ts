// `npm start [-- PATH…]`: checks what would stop Electron (no desktop, no binary, root without
// --no-sandbox) and says so with the command to use instead, then starts Electron on this
// project. It runs on the system's Node (20.19 or later); Electron runs on its own.
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { downloadElectronBinary, findElectronBinary } from './electron-binary';
import { noDesktopProblem, noElectronProblem, rootSandboxProblem } from './launch-problems';

const args = process.argv.slice(2);
// dist/launch.cjs: the project is the folder above dist/.
const projectRoot = dirname(__dirname);

function stop(problem: string): never {
  console.error(problem);
  process.exit(1);
}

const noDesktop = noDesktopProblem(args, process.env, process.platform);
if (noDesktop) stop(noDesktop);
let binary = findElectronBinary(projectRoot);
if ('missing' in binary && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
  console.error("Electron's binary is not here yet: downloading it (once)…");
  binary = downloadElectronBinary(projectRoot);
}
if ('missing' in binary) stop(noElectronProblem(args, binary.missing));
const asRoot = rootSandboxProblem(args, process.getuid?.());
if (asRoot) stop(asRoot);

const child = spawn(binary.path, [projectRoot, ...args], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => child.kill(signal));
}
