import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const PROJECT_ROOT = join(__dirname, '..', '..');
export const CLI = join(PROJECT_ROOT, 'dist', 'cli.cjs');

export interface ServeProcess {
  url: string;
  /** The URL as printed, with its fragment when there is one (`--lba N`: #lba=N). */
  printedUrl: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the built `sectorscope serve` and waits for the URL it prints. */
export async function startServe(
  paths: string[],
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', ...paths, '--port', '0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  const printedUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]+\/(?:#lba=\d+)?)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
  const url = printedUrl.replace(/#.*$/, '');
  return {
    url,
    printedUrl,
    port: Number(new URL(url).port),
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
