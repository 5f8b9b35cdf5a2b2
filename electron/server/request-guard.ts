import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The browser mode's whole security boundary: a random token in every path, and a Host (and, for
 * the WebSocket, an Origin) that must name exactly the loopback address that was printed. The
 * Host check defeats DNS rebinding; the token keeps out other local users and pages.
 */
export class RequestGuard {
  readonly prefix: string;

  constructor(
    readonly token: string,
    readonly hostHeader: string,
  ) {
    this.prefix = `/${token}/`;
  }

  /** Whether the request names this server by the printed address (127.0.0.1:PORT). */
  hostMatches(req: IncomingMessage): boolean {
    return req.headers.host === this.hostHeader;
  }

  /** The path below the token prefix, or null when the request must be refused. */
  check(req: IncomingMessage, requireOrigin = false): string | null {
    if (!this.hostMatches(req)) return null;
    if (requireOrigin && req.headers.origin !== `http://${this.hostHeader}`) return null;
    const url = req.url ?? '';
    const pathOnly = url.split('?')[0] ?? '';
    const candidate = pathOnly.slice(1, 1 + this.token.length);
    if (!safeEqual(candidate, this.token) || pathOnly[1 + this.token.length] !== '/') return null;
    return pathOnly.slice(this.prefix.length - 1);
  }
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
