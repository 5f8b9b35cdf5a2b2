// File > Recent Cases: the case folders opened last, newest first, kept in a small JSON file in
// the app's own folder (userData). Free of Electron so that tests run it in Node.

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';

/** How many cases the menu lists. */
export const RECENT_CASES = 8;

export class RecentCases {
  readonly #file: string;
  #list: string[] = [];

  constructor(file: string) {
    this.#file = file;
  }

  /** The folders, newest first. */
  get list(): readonly string[] {
    return this.#list;
  }

  /** Reads the file; anything missing or not as written counts as no recent cases. */
  async load(): Promise<readonly string[]> {
    const text = await readFile(this.#file, 'utf8').catch(() => null);
    let cases: unknown;
    try {
      cases = text === null ? null : (JSON.parse(text) as { cases?: unknown }).cases;
    } catch {
      cases = null;
    }
    this.#list = Array.isArray(cases)
      ? cases
          .filter((dir): dir is string => typeof dir === 'string' && isAbsolute(dir))
          .slice(0, RECENT_CASES)
      : [];
    return this.#list;
  }

  /** Puts `dir` first (once) and saves; a failure to save only loses the list. */
  async add(dir: string): Promise<readonly string[]> {
    const folder = resolve(dir);
    this.#list = [folder, ...this.#list.filter((item) => item !== folder)].slice(0, RECENT_CASES);
    await this.#save();
    return this.#list;
  }

  async clear(): Promise<void> {
    this.#list = [];
    await this.#save();
  }

  async #save(): Promise<void> {
    const temporary = `${this.#file}.${process.pid}.tmp`;
    try {
      await mkdir(dirname(this.#file), { recursive: true });
      await writeFile(temporary, `${JSON.stringify({ cases: this.#list }, null, 2)}\n`);
      await rename(temporary, this.#file);
    } catch {
      // The list is a convenience: the cases themselves are untouched.
    }
  }
}
