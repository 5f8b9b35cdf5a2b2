// Ed25519 signatures on the audit log (node:crypto). A hash chain shows that a line was
// changed, removed or moved, but anyone may recompute the whole chain after changing it; a
// signature on every entry, with a key only the examiner holds, is what stops that. The case
// records the public key (and its fingerprint, printed in every report); the private key stays
// with the examiner, in a PEM file given with --sign-key (`openssl genpkey -algorithm ed25519`).

import {
  createHash,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { SectorscopeError } from '../shared/contract';

/** The public half as case.json and the log's first entry keep it. */
export interface SigningKeyRecord {
  algorithm: 'ed25519';
  /** SubjectPublicKeyInfo (DER), base64. */
  publicKey: string;
  /** "SHA256:" and the SHA-256 of the DER key, hex: what a report prints and --public-key pins. */
  fingerprint: string;
}

export interface Signer {
  readonly key: SigningKeyRecord;
  /** The signature of `message`, base64. */
  sign(message: string): string;
}

function recordOf(publicKey: KeyObject): SigningKeyRecord {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const fingerprint = `SHA256:${createHash('sha256').update(der).digest('hex')}`;
  return { algorithm: 'ed25519', publicKey: der.toString('base64'), fingerprint };
}

function keyError(path: string, why: string): SectorscopeError {
  return new SectorscopeError(
    'INVALID_ARGUMENT',
    `${path} is not an Ed25519 private key (${why}). Make one with ` +
      '`openssl genpkey -algorithm ed25519 -out KEY.pem` and keep it apart from the case.',
  );
}

/** Reads the examiner's private key (PEM or DER PKCS#8) from `path`. */
export async function loadSigner(path: string): Promise<Signer> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new SectorscopeError(
      error.code === 'ENOENT' ? 'NOT_FOUND' : 'PERMISSION',
      `Cannot read the signing key ${path}: ${error.message}`,
    );
  });
  let privateKey: KeyObject;
  try {
    const text = bytes.toString('utf8');
    privateKey = text.includes('-----BEGIN')
      ? createPrivateKey(text)
      : createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw keyError(path, error instanceof Error ? error.message : String(error));
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw keyError(path, `it is a ${privateKey.asymmetricKeyType ?? 'symmetric'} key`);
  }
  const key = recordOf(createPublicKey(privateKey));
  return {
    key,
    sign: (message) => sign(null, Buffer.from(message, 'utf8'), privateKey).toString('base64'),
  };
}

/** The key a --public-key file holds (PEM or DER SPKI, or a private key's public half). */
export async function loadPublicKey(path: string): Promise<SigningKeyRecord> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new SectorscopeError('NOT_FOUND', `Cannot read the public key ${path}: ${error.message}`);
  });
  try {
    const text = bytes.toString('utf8');
    const key = text.includes('-----BEGIN')
      ? createPublicKey(text)
      : createPublicKey({ key: bytes, format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
    return recordOf(key);
  } catch (error) {
    throw new SectorscopeError(
      'INVALID_ARGUMENT',
      `${path} is not an Ed25519 public key: ${error instanceof Error ? error.message : error}`,
    );
  }
}

/** Whether `signature` (base64) signs `message` under the recorded key. */
export function verifySignature(
  key: SigningKeyRecord,
  message: string,
  signature: string,
): boolean {
  try {
    return verify(
      null,
      Buffer.from(message, 'utf8'),
      publicKeyOf(key),
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}

/** The recorded key as a KeyObject, made once per key (a log checks it on every line). */
const publicKeys = new Map<string, KeyObject>();
function publicKeyOf(key: SigningKeyRecord): KeyObject {
  let object = publicKeys.get(key.publicKey);
  if (!object) {
    object = createPublicKey({
      key: Buffer.from(key.publicKey, 'base64'),
      format: 'der',
      type: 'spki',
    });
    publicKeys.set(key.publicKey, object);
  }
  return object;
}

/** What the head signature in case.json signs: the case, the count and the last hash. */
export function headMessage(caseId: string, entries: number, lastHash: string): string {
  return `sectorscope audit head\n${caseId}\n${entries}\n${lastHash}`;
}
