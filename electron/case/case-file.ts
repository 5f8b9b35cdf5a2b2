// case.json: read and checked field by field (a hand-edited file is refused with the field that
// is wrong and why), and written whole: to a hidden temporary beside it, flushed, renamed over
// it and the folder flushed, so that it is always either the old file or the new one.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SectorscopeError } from '../shared/contract';
import { placeFile, removeQuietly, syncFolder, writeTemporaryText } from '../jobs/export-placement';
import { CASE_FILE, type CaseEvidence, type CaseFile } from './case-types';

export class CaseFileError extends SectorscopeError {
  constructor(dir: string, why: string) {
    super(
      'INVALID_ARGUMENT',
      `${join(dir, CASE_FILE)} is not a valid case file: ${why}. It was changed by hand or by ` +
        'another program; the audit log records what it should hold (`sectorscope audit ' +
        `verify ${dir}\` compares them).`,
    );
    this.name = 'CaseFileError';
  }
}

const HEX = /^[0-9a-f]+$/;
const DECIMAL = /^(0|[1-9][0-9]{0,19})$/;
const UTC_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const SECTOR_SIZES = [512, 1024, 2048, 4096, 8192, 16384, 32768, 65536];
const FORMATS = ['raw', 'split', 'ewf', 'aff', 'vmdk', 'vhd', 'vhdx'];
const DIGEST_LENGTHS: Record<string, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };

type Json = Record<string, unknown>;

/** Checks fields of one JSON object, naming each by its path in the file ("evidence[0].size"). */
class Fields {
  constructor(
    private readonly object: Json,
    private readonly path: string,
    private readonly fail: (why: string) => never,
  ) {}

  static of(value: unknown, path: string, fail: (why: string) => never): Fields {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail(`${path || 'the file'} must be a JSON object`);
    }
    return new Fields(value as Json, path, fail);
  }

  private name(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  private bad(key: string, what: string): never {
    const value = this.object[key];
    const shown = value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 60);
    this.fail(`"${this.name(key)}" must be ${what}; it is ${shown}`);
  }

  /** Refuses fields the format does not have (a typo would otherwise pass unnoticed). */
  only(keys: string[]): void {
    for (const key of Object.keys(this.object)) {
      if (!keys.includes(key))
        this.fail(`it has a field "${this.name(key)}" that a case does not have`);
    }
  }

  string(key: string, test: (value: string) => boolean = () => true, what = 'text'): string {
    const value = this.object[key];
    if (typeof value !== 'string' || !test(value)) this.bad(key, what);
    return value;
  }

  optionalString(key: string, test: (value: string) => boolean, what: string): string | undefined {
    return this.object[key] === undefined ? undefined : this.string(key, test, what);
  }

  nullableString(key: string): string | null {
    return this.object[key] === null ? null : this.string(key, () => true, 'text or null');
  }

  integer(key: string, test: (value: number) => boolean, what: string): number {
    const value = this.object[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || !test(value)) {
      this.bad(key, what);
    }
    return value;
  }

  boolean(key: string): boolean {
    const value = this.object[key];
    if (typeof value !== 'boolean') this.bad(key, 'true or false');
    return value;
  }

  decimal(key: string, what: string): string {
    return this.string(key, (value) => DECIMAL.test(value), `${what} in decimal, as a string`);
  }

  time(key: string): string {
    return this.string(
      key,
      (value) => UTC_TIME.test(value) && !Number.isNaN(Date.parse(value)),
      'a UTC time (2025-05-01T09:12:44.120Z)',
    );
  }

  stringList(key: string): string[] {
    const value = this.object[key];
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      this.bad(key, 'a list of text');
    }
    return value as string[];
  }

  stringMap(key: string): Record<string, string> {
    const value = this.object[key];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.bad(key, 'an object of text');
    }
    if (Object.values(value).some((item) => typeof item !== 'string')) {
      this.bad(key, 'an object of text');
    }
    return value as Record<string, string>;
  }

  digests(key: string, names: string[]): Record<string, string> {
    const map = this.stringMap(key);
    for (const [name, digest] of Object.entries(map)) {
      if (!names.includes(name)) this.fail(`"${this.name(key)}" names an unknown digest "${name}"`);
      if (!HEX.test(digest) || digest.length !== DIGEST_LENGTHS[name]) {
        this.fail(`"${this.name(key)}.${name}" is not a ${name} digest in lower-case hex`);
      }
    }
    return map;
  }

  nested(key: string): Fields {
    return Fields.of(this.object[key], this.name(key), this.fail);
  }

  nullable<T>(key: string, read: (fields: Fields) => T): T | null {
    return this.object[key] === null ? null : read(this.nested(key));
  }

  list<T>(key: string, read: (fields: Fields) => T): T[] {
    const value = this.object[key];
    if (!Array.isArray(value)) this.bad(key, 'a list');
    return value.map((item, index) =>
      read(Fields.of(item, `${this.name(key)}[${index}]`, this.fail)),
    );
  }
}

function readEvidence(fields: Fields): CaseEvidence {
  fields.only([
    'id',
    'path',
    'kind',
    'format',
    'description',
    'size',
    'logicalSectorSize',
    'physicalSectorSize',
    'sectorCount',
    'segments',
    'metadata',
    'storedHashes',
    'library',
    'warnings',
    'hashes',
    'verification',
  ]);
  const sectorSize = (value: number) => SECTOR_SIZES.includes(value);
  return {
    id: fields.string('id', (value) => /^E[1-9][0-9]*$/.test(value), 'E1, E2...'),
    path: fields.string('path', (value) => value.startsWith('/'), 'an absolute path'),
    kind: fields.string(
      'kind',
      (value) => value === 'block' || value === 'file',
      '"block" or "file"',
    ) as 'block' | 'file',
    format: fields.string('format', (value) => FORMATS.includes(value), FORMATS.join(', ')),
    description: fields.string('description'),
    size: fields.decimal('size', 'a number of bytes'),
    logicalSectorSize: fields.integer('logicalSectorSize', sectorSize, 'a sector size'),
    physicalSectorSize: fields.integer('physicalSectorSize', sectorSize, 'a sector size'),
    sectorCount: fields.decimal('sectorCount', 'a number of sectors'),
    segments: fields.stringList('segments'),
    metadata: fields.stringMap('metadata'),
    storedHashes: fields.digests('storedHashes', ['md5', 'sha1']),
    library: fields.nullableString('library'),
    warnings: fields.stringList('warnings'),
    hashes: fields.nullable('hashes', (hashes) => {
      hashes.only(['digests', 'badSectors', 'time', 'entry']);
      return {
        digests: hashes.digests('digests', ['md5', 'sha1', 'sha256', 'sha512']),
        badSectors: hashes.integer('badSectors', (value) => value >= 0, 'a count'),
        time: hashes.time('time'),
        entry: hashes.integer('entry', (value) => value >= 1, 'an entry number'),
      };
    }),
    verification: fields.nullable('verification', (verification) => {
      verification.only(['verified', 'time', 'entry']);
      return {
        verified: verification.boolean('verified'),
        time: verification.time('time'),
        entry: verification.integer('entry', (value) => value >= 1, 'an entry number'),
      };
    }),
  };
}

/** Checks case.json's text; throws CaseFileError naming the first thing wrong. */
export function parseCaseFile(dir: string, text: string): CaseFile {
  const fail = (why: string): never => {
    throw new CaseFileError(dir, why);
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail(`it is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const fields = Fields.of(json, '', fail);
  fields.only(['format', 'version', 'id', 'created', 'examiner', 'signing', 'evidence', 'audit']);
  fields.string('format', (value) => value === 'sectorscope-case', '"sectorscope-case"');
  fields.integer('version', (value) => value === 1, '1 (the only version there is)');
  const signing = fields.nullable('signing', (key) => {
    key.only(['algorithm', 'publicKey', 'fingerprint']);
    return {
      algorithm: key.string('algorithm', (value) => value === 'ed25519', '"ed25519"') as 'ed25519',
      publicKey: key.string('publicKey', (value) => /^[A-Za-z0-9+/]+=*$/.test(value), 'base64'),
      fingerprint: key.string(
        'fingerprint',
        (value) => /^SHA256:[0-9a-f]{64}$/.test(value),
        'SHA256:<hex>',
      ),
    };
  });
  const audit = fields.nested('audit');
  audit.only(['entries', 'lastHash', 'signature']);
  const signature = audit.optionalString(
    'signature',
    (value) => /^[A-Za-z0-9+/]+=*$/.test(value),
    'base64',
  );
  return {
    format: 'sectorscope-case',
    version: 1,
    id: fields.string('id', (value) => /^[0-9a-f-]{36}$/.test(value), 'a UUID'),
    created: fields.time('created'),
    examiner: fields.nullableString('examiner'),
    signing,
    evidence: fields.list('evidence', readEvidence),
    audit: {
      entries: audit.integer('entries', (value) => value >= 1, 'a count of entries, 1 or more'),
      lastHash: audit.string(
        'lastHash',
        (value) => /^[0-9a-f]{64}$/.test(value),
        'a SHA-256 in hex',
      ),
      ...(signature ? { signature } : {}),
    },
  };
}

/** case.json of the case in `dir`, checked. */
export async function readCaseFile(dir: string): Promise<CaseFile> {
  const path = join(dir, CASE_FILE);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      throw new SectorscopeError(
        'NOT_FOUND',
        `${dir} holds no case (no ${CASE_FILE}): start one with \`sectorscope case init ${dir} ` +
          '--evidence IMAGE`.',
      );
    }
    if (error.code === 'ENOTDIR') {
      throw new SectorscopeError('NOT_FOUND', `${dir} is not a folder: a case is a folder.`);
    }
    throw new SectorscopeError('IO', `Cannot read ${path}: ${error.message}`);
  });
  return parseCaseFile(dir, text);
}

export function caseFileText(file: CaseFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Replaces case.json with `file` (see the top of this file). Throws the system's error. */
export async function writeCaseFile(dir: string, file: CaseFile): Promise<void> {
  const path = join(dir, CASE_FILE);
  const temporary = await writeTemporaryText(path, caseFileText(file));
  try {
    await placeFile(temporary, path, true);
  } catch (error) {
    removeQuietly(temporary);
    throw error;
  }
  await syncFolder(dir);
}
