import { spawn } from 'node:child_process';

export interface ToolResult {
  /** Exit status, or null when the tool was ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end and collects its output; a non-zero exit is a result, not an error. */
export function runTool(
  command: string,
  args: readonly string[],
  options: { timeoutMs?: number } = {},
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new Error(`'${command}' is not installed or not on PATH`)
          : new Error(`cannot run '${command}': ${error.message}`),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Like runTool, but a non-zero exit becomes an error that quotes the command and its stderr. */
export async function runToolOrThrow(
  command: string,
  args: readonly string[],
  options: { timeoutMs?: number } = {},
): Promise<ToolResult> {
  const result = await runTool(command, args, options);
  if (result.code !== 0) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with ${result.code}`;
    throw new Error(`${command} ${args.join(' ')} ${how}: ${result.stderr.trim()}`);
  }
  return result;
}
