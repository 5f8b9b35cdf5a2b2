/** Thrown inside a job when it was cancelled; never reported as a failure. */
export class JobCancelledError extends Error {
  override name = 'JobCancelledError';
  constructor() {
    super('The job was cancelled.');
  }
}

/** Settles like `promise`, or rejects with JobCancelledError as soon as `signal` aborts. */
export function unlessCancelled<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new JobCancelledError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new JobCancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
