import { getSystemErrorName } from 'node:util';
import { getLibc } from './libc';

/** "Input/output error (EIO)": libc's own wording, as dd and friends print it, plus the name. */
export function describeErrno(errno: number): string {
  let name = `errno ${errno}`;
  try {
    name = getSystemErrorName(-errno);
  } catch {
    // Unknown to libuv: keep the number.
  }
  let text = 'Unknown error';
  try {
    text = getLibc().strerror(errno);
  } catch {
    // No libc binding (not Linux): the name alone will do.
  }
  return `${text} (${name})`;
}
