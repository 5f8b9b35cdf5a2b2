import { protocol } from 'electron';
import { APP_SCHEME, respondWithAppFile } from './app-files';

/**
 * Makes app:// a standard, secure scheme, so that its pages have an origin of their own
 * (app://sectorscope), resolve relative URLs and count as a secure context, as https pages do.
 * Not corsEnabled: no other origin may read from it. Must run before the app is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves app:// from the built renderer (dist/renderer) only; call once the app is ready. */
export function serveAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => respondWithAppFile(rendererDir, request));
}
