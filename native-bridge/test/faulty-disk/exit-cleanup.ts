// Last-resort cleanup when a test process exits without detaching (a crash, a forgotten
// detach): loop devices and mounts outlive the process otherwise. Only synchronous work runs
// in an 'exit' handler, so every cleanup registered here must be synchronous.

const cleanups: (() => void)[] = [];
let hooked = false;

function runAll(): void {
  // Newest first: a loop device goes before the mount that holds its backing file.
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      cleanup();
    } catch {
      // Keep going: the next cleanup may still succeed.
    }
  }
}

/** Registers a synchronous cleanup for process exit; the returned function cancels it. */
export function cleanUpOnExit(cleanup: () => void): () => void {
  if (!hooked) {
    process.once('exit', runAll);
    hooked = true;
  }
  cleanups.push(cleanup);
  return () => {
    const index = cleanups.indexOf(cleanup);
    if (index >= 0) cleanups.splice(index, 1);
  };
}
