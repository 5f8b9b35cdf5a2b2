// Preconditions on the faulty-disk rig, checked inside the product tests that rely on them: when
// one fails, the message says that the rig (FUSE program, loop device, kernel) misbehaved, so a
// broken rig is never reported as a bug of the reader.

/** The message of a failed precondition: the rig, not the product, is at fault. */
export function rigBroken(detail: string): string {
  return `the faulty-disk rig is broken (not the product under test): ${detail}`;
}
