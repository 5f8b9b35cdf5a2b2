// Peer tools as oracles for the data inspector's decoders, run on the same bytes: od (coreutils)
// reads integers and floats in either byte order, date (coreutils) turns seconds into calendar
// time, xxd prints bits. None of them shares code with the decoders.
import { spawnSync } from 'node:child_process';

function tool(command: string, args: readonly string[], input: Uint8Array | string): string {
  const result = spawnSync(command, args, {
    input,
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new Error(`cannot run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  }
  return result.stdout;
}

/**
 * What `od -t TYPE --endian=ENDIAN` reads from `bytes`, one text per `size`-byte value: d1..d8
 * signed and u1..u8 unsigned decimals, f4 and f8 floats (coreutils 9 prints a float as the
 * shortest text that reads back as the same value, like "0.1", "1e-45", "inf", "-nan").
 */
export function odValues(
  bytes: Uint8Array,
  type: string,
  size: number,
  endian: 'little' | 'big',
): string[] {
  const args = ['-An', '-v', `--endian=${endian}`, '-t', type, `-w${size}`];
  const values = tool('od', args, bytes)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (values.length !== bytes.length / size) {
    throw new Error(`od gave ${values.length} values for ${bytes.length / size}`);
  }
  return values;
}

/**
 * What GNU `date -u` makes of each input line (any date it takes: "@SECONDS", or
 * "1601-01-01 00:00:00 UTC + N seconds"), as YEAR-MM-DDTHH:MM:SS with the year as date prints it.
 */
export function gnuDates(inputs: readonly string[]): string[] {
  const output = tool('date', ['-u', '-f', '-', '+%Y-%m-%dT%H:%M:%S'], `${inputs.join('\n')}\n`);
  const dates = output.split('\n').filter((line) => line !== '');
  if (dates.length !== inputs.length) throw new Error(`date gave ${dates.length} dates`);
  return dates;
}

/**
 * A date from gnuDates in the inspector's ISO 8601 form: a four-digit year from 0 to 9999, any
 * other with a sign and at least six digits (ISO 8601's expanded years, as Date.toISOString).
 */
export function isoFromGnuDate(text: string): string {
  const match = /^(-?\d+)-(\d\d-\d\dT\d\d:\d\d:\d\d)$/.exec(text);
  if (match === null) throw new Error(`not a date as gnuDates prints it: ${text}`);
  const year = BigInt(match[1] ?? '');
  const digits = String(year < 0n ? -year : year);
  const shown =
    year >= 0n && year <= 9999n
      ? digits.padStart(4, '0')
      : `${year < 0n ? '-' : '+'}${digits.padStart(6, '0')}`;
  return `${shown}-${match[2]}`;
}

/** Each byte's eight bits as `xxd -b` prints them, most significant first. */
export function xxdBits(bytes: Uint8Array): string[] {
  return tool('xxd', ['-b', '-c', '6'], bytes)
    .split('\n')
    .flatMap((line) => line.slice(line.indexOf(':') + 1).match(/\b[01]{8}\b/g) ?? []);
}

/** How many significant digits a decimal text has, whatever its notation ("0.00120" and "1.2e-3": 2). */
export function significantDigits(text: string): number {
  const match = /^-?(\d+)(?:\.(\d+))?(?:e[+-]?\d+)?$/.exec(text);
  if (match === null) throw new Error(`not a decimal number: ${text}`);
  const digits = `${match[1] ?? ''}${match[2] ?? ''}`.replace(/^0+/, '').replace(/0+$/, '');
  return Math.max(digits.length, 1);
}
