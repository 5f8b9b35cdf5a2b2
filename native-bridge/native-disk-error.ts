import type { NativeErrorCode } from './types';

/** Every error the bridge raises on purpose: a code the service maps, and a message for the user. */
export class NativeDiskError extends Error {
  readonly code: NativeErrorCode;
  /** The libc errno behind the error, when there is one. */
  readonly errno?: number;

  constructor(code: NativeErrorCode, message: string, errno?: number) {
    super(message);
    this.name = 'NativeDiskError';
    this.code = code;
    if (errno !== undefined) this.errno = errno;
  }
}
