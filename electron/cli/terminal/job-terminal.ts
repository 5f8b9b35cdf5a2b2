import { cancelOnSignals, type CommandIo } from './job-args';
import { progressLine, type ProgressLine } from './progress-line';

/**
 * Runs a CLI job with Ctrl+C (or SIGTERM) cancelling it and a progress line on stderr when it
 * is a terminal; the line is cleared and the signal handlers removed however the job ends.
 */
export async function withJobTerminal<T>(
  verb: string,
  io: CommandIo,
  run: (terminal: { signal: AbortSignal; progress: ProgressLine }) => Promise<T>,
): Promise<T> {
  const cancel = cancelOnSignals();
  const progress = progressLine(verb, io.err);
  try {
    return await run({ signal: cancel.signal, progress });
  } finally {
    progress.clear();
    cancel.dispose();
  }
}
