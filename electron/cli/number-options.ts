// Numbers on the command line: decimal (2048) or hex (0x800), whole, and never negative. A
// negative one is named as such, also when written `--lba -1` (which the option parser would
// take for an option of its own).

import { parseWholeNumber } from '../shared/goto-input';
import { UsageError } from './cli-error';

/** Options that take a number. */
const NUMBER_OPTIONS = new Set([
  '--lba',
  '--count',
  '--retries',
  '--max-hits',
  '--cells',
  '--port',
  '--sector-size',
  '--offset',
  '--length',
]);

/** `--lba -1` becomes `--lba=-1`, so that its check says what is wrong with it. */
export function keepNegativeNumbers(args: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    if (NUMBER_OPTIONS.has(arg) && next !== undefined && /^-[0-9]/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

/** The option's value as a whole number of at least `min`, or a usage error that says why not. */
export function wholeNumberOption(text: string, option: string, min = 0n): bigint {
  const value = parseWholeNumber(text);
  if (value === null) {
    if (/^\s*-\s*(0x)?[0-9a-f_]+\s*$/i.test(text)) {
      throw new UsageError(`${option} must be ${min} or more; got ${text.trim()}.`);
    }
    throw new UsageError(
      `${option} must be a whole number ${min} or more (2048 or 0x800); got "${text}".`,
    );
  }
  if (value < min) throw new UsageError(`${option} must be ${min} or more; got ${text.trim()}.`);
  return value;
}
