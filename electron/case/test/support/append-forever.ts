// Appends bookmarks with long notes to the case in argv[2], one after another for ever,
// printing `appended N` after each: the process case-crash.test.ts kills with SIGKILL at some
// point of an append.
import { openCase } from '../../case-handle';

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: append-forever.ts CASE_DIR');
  const handle = await openCase(dir, { write: true });
  if (handle.readOnlyReason) throw new Error(handle.readOnlyReason);
  const note = 'kill me mid-write. '.repeat(3400);
  for (let n = 1; ; n++) {
    await handle.addBookmark({ offset: n * 512, length: 512, label: `append ${n}`, note });
    process.stdout.write(`appended ${n}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
