// What the app:// scheme serves: the built renderer's own files and nothing else. Kept free of
// Electron so that tests can run it in Node with real Request and Response objects.
import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'sectorscope';
/** The page the window loads; the IPC transport trusts only a main frame showing exactly this. */
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The types the renderer's build produces; any other file is refused, as the serve transport does. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  // Source maps, for DevTools in development (the packaged app ships none).
  '.map': 'application/json; charset=utf-8',
};

/**
 * The same policy as index.html's meta tag, plus what only a header can say (frame-ancestors).
 * Both apply: a page gets the stricter of the two.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export type AppFileLookup =
  { file: string; contentType: string } | { refused: 400 | 404 | 405; reason: string };

/**
 * The file under `rendererDir` that an app:// request names, or why it is refused: another
 * host, a method other than GET or HEAD, a path that does not decode, a `..` or `.` segment (as
 * such or percent-encoded), a backslash or NUL, anything outside `rendererDir`, or a type the
 * renderer does not use. Does not touch the disk.
 */
export function lookUpAppFile(rendererDir: string, method: string, url: string): AppFileLookup {
  if (method !== 'GET' && method !== 'HEAD') return { refused: 405, reason: 'only GET and HEAD' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { refused: 400, reason: 'not a URL' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) {
    return { refused: 404, reason: `not ${APP_SCHEME}://${APP_HOST}/` };
  }
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return { refused: 400, reason: 'the path does not decode' };
  }
  if (path.includes('\\') || path.includes('\0')) {
    return { refused: 400, reason: 'backslash or NUL in the path' };
  }
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '..' || segment === '.')) {
    return { refused: 404, reason: 'dot segment in the path' };
  }
  if (segments.length === 0) segments.push('index.html');
  const root = resolve(rendererDir);
  const file = resolve(root, ...segments);
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    return { refused: 404, reason: 'outside the renderer' };
  }
  const contentType = CONTENT_TYPES[extname(file).toLowerCase()];
  if (!contentType) return { refused: 404, reason: 'not a type the renderer uses' };
  return { file, contentType };
}

function refusal(status: number, reason: string): Response {
  return new Response(`${reason}\n`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

/** The answer to one app:// request: a file of `rendererDir` with its type, or a refusal. */
export async function respondWithAppFile(rendererDir: string, request: Request): Promise<Response> {
  const lookup = lookUpAppFile(rendererDir, request.method, request.url);
  if ('refused' in lookup) return refusal(lookup.refused, lookup.reason);
  let body: Buffer;
  try {
    if (!(await stat(lookup.file)).isFile()) return refusal(404, 'not a file');
    body = await readFile(lookup.file);
  } catch {
    return refusal(404, 'no such file');
  }
  const headers: Record<string, string> = {
    'Content-Type': lookup.contentType,
    'Content-Length': String(body.length),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
  if (lookup.contentType.startsWith('text/html')) {
    headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers,
  });
}
