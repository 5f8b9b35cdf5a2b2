// The window's permission policy: everything denied, but for one thing the page does. Kept free
// of Electron so that tests can call it directly.
import { APP_HOST, APP_SCHEME } from './app-files';

/**
 * Writing text to the clipboard: the Copy actions (selection, inspector values, digests) call
 * navigator.clipboard.writeText, which Chromium asks for as this permission. It is write-only
 * and sanitized, and Chromium still requires a focused page and a user gesture. Reading the
 * clipboard ('clipboard-read') stays denied like everything else.
 */
export const CLIPBOARD_WRITE = 'clipboard-sanitized-write';

/** Whether a URL or an origin is the app's own page, app://sectorscope (with or without a path). */
export function isAppPage(urlOrOrigin: string | undefined): boolean {
  if (!urlOrOrigin) return false;
  try {
    const url = new URL(urlOrOrigin);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Whether a permission is granted: only the clipboard write, and only to the app's own page. */
export function isPermitted(permission: string, fromOwnWindow: boolean, urlOrOrigin?: string) {
  return fromOwnWindow && permission === CLIPBOARD_WRITE && isAppPage(urlOrOrigin);
}
