// Shared pieces of the case tests: an evidence image with known bytes, the bundled CLI as a
// child process, the evidence's SHA-256 (which no test may change), and a forger that rewrites
// a log as someone without Sectorscope would: lines changed, hashes computed again.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, type TestContext } from 'node:test';
import { composeLine, GENESIS_HASH, type AuditEntry } from '../audit-line';
import { caseFileText, parseCaseFile } from '../case-file';
import { AUDIT_FILE, CASE_FILE } from '../case-types';
import { headMessage, loadSigner, type Signer } from '../signing';

export const ROOT = join(__dirname, '..', '..', '..');
export const BUNDLED_CLI = join(ROOT, 'dist', 'cli.cjs');
export const isRoot = process.getuid?.() === 0;

/** Why the bundled CLI cannot run (the tests run what `npm run build` made), or null. */
export function bundledCliMissing(): string | null {
  return existsSync(BUNDLED_CLI) ? null : `needs ${BUNDLED_CLI}: run npm run build first`;
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `sectorscope ARGS` (the bundled CLI), to its end. */
export function cli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [BUNDLED_CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 1 << 26,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The CLI exits 0; its stdout. */
export function cliOk(args: string[]): string {
  const result = cli(args);
  assert.equal(result.status, 0, `sectorscope ${args.join(' ')}: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** `sha256sum FILE`. */
export function sha256sum(path: string): string {
  return execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(/\s+/)[0] ?? '';
}

type Context = Pick<TestContext, 'after'>;
const stacks = new WeakMap<Context, (() => unknown)[]>();

/**
 * Runs `cleanup` when the test ends, newest first (t.after runs hooks in the order they were
 * added: a folder would go before the check of the evidence in it). All run; the first failure
 * is thrown.
 */
export function later(t: Context, cleanup: () => unknown): void {
  let stack = stacks.get(t);
  if (!stack) {
    const cleanups: (() => unknown)[] = [];
    stack = cleanups;
    stacks.set(t, cleanups);
    t.after(async () => {
      let failure: unknown;
      for (const run of cleanups.reverse()) {
        try {
          await run();
        } catch (error) {
          failure ??= error;
        }
      }
      if (failure !== undefined) throw failure;
    });
  }
  stack.push(cleanup);
}

/** A mkdtemp folder, removed when the test ends. */
export function tempDir(t: Context, prefix = 'sectorscope-case-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  later(t, () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Known bytes at known places: "NTFS    " at 0x203, text at 0x1000, the rest a pattern. */
export function writeEvidence(path: string, size = 1024 * 1024): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 131 + (i >> 9)) & 0xff;
  bytes.write('NTFS    ', 0x203, 'latin1');
  bytes.write('<script>alert(1)</script> & "quoted"', 0x1000, 'latin1');
  writeFileSync(path, bytes);
  return bytes;
}

/** A mkdtemp folder for a whole suite: call it in the describe() body; removed after the suite. */
export function suiteTempDir(prefix = 'sectorscope-case-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The evidence's SHA-256 now; checks, when the test ends, that it is the same then. */
export function keepsEvidence(t: Context, path: string): string {
  const before = sha256sum(path);
  later(t, () => assert.equal(sha256sum(path), before, `the evidence ${path} is unchanged`));
  return before;
}

/** An Ed25519 key pair in PEM files: the examiner's key and its public half. */
export function writeKeyPair(dir: string, name: string): { key: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const key = join(dir, `${name}.pem`);
  const pub = join(dir, `${name}.pub.pem`);
  writeFileSync(key, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
  return { key, publicKey: pub };
}

export function readLines(caseDir: string): string[] {
  const text = readFileSync(join(caseDir, AUDIT_FILE), 'utf8');
  return text.split('\n').filter((line) => line !== '');
}

export function writeLines(caseDir: string, lines: string[]): void {
  writeFileSync(join(caseDir, AUDIT_FILE), lines.map((line) => `${line}\n`).join(''));
}

/** The log's entries, parsed (no checks). */
export function readEntries(caseDir: string): AuditEntry[] {
  return readLines(caseDir).map((line) => JSON.parse(line) as AuditEntry);
}

/**
 * Line `number` (from 1) of the log written again with other details and its own hash computed
 * anew, as a forger would; the other lines are left as they are.
 */
export function rewriteLine(
  caseDir: string,
  number: number,
  details: (old: Record<string, unknown>) => Record<string, unknown>,
): void {
  const old = readEntries(caseDir)[number - 1];
  assert.ok(old, `the log has a line ${number}`);
  const draft = { action: old.action, details: details(old.details) };
  const { line } = composeLine(draft, number, old.prev, new Date(old.time), null);
  const lines = readLines(caseDir);
  lines[number - 1] = line;
  writeLines(caseDir, lines);
}

/** The line that would come next (a well-formed entry chained to the last), not written. */
export function nextLine(caseDir: string, action: string, details: Record<string, unknown> = {}) {
  const entries = readEntries(caseDir);
  const last = entries.at(-1);
  assert.ok(last, 'the log has a line');
  return composeLine({ action, details }, entries.length + 1, last.hash, new Date(), null).line;
}

/**
 * Rewrites the whole log as a forger would: `change` edits the entries, then every line is
 * written again with its sequence number, chain and hash computed anew (signed with `signer`,
 * or keeping the old signatures when `keepSignatures`), and case.json's head (and its
 * signature, with `signer`) made to agree. Only a key the forger lacks can stop this.
 */
export async function forgeLog(
  caseDir: string,
  change: (entries: AuditEntry[]) => AuditEntry[],
  options: { signerKey?: string; keepSignatures?: boolean } = {},
): Promise<void> {
  const signer: Signer | null = options.signerKey ? await loadSigner(options.signerKey) : null;
  const entries = change(readEntries(caseDir));
  let prev = GENESIS_HASH;
  const lines: string[] = [];
  for (const [index, old] of entries.entries()) {
    const details = { ...old.details };
    if (index === 0 && signer) details.signing = signer.key;
    const { entry, line } = composeLine(
      { action: old.action, details },
      index + 1,
      prev,
      new Date(old.time),
      signer,
    );
    prev = entry.hash;
    lines.push(
      options.keepSignatures && old.sig ? line.replace(/}$/, `,"sig":"${old.sig}"}`) : line,
    );
  }
  writeLines(caseDir, lines);
  const file = parseCaseFile(caseDir, readFileSync(join(caseDir, CASE_FILE), 'utf8'));
  const audit = { entries: lines.length, lastHash: prev };
  writeFileSync(
    join(caseDir, CASE_FILE),
    caseFileText({
      ...file,
      signing: signer ? signer.key : file.signing,
      audit: signer
        ? { ...audit, signature: signer.sign(headMessage(file.id, audit.entries, audit.lastHash)) }
        : { ...audit, ...(file.audit.signature ? { signature: file.audit.signature } : {}) },
    }),
  );
}
