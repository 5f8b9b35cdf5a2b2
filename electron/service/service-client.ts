// One connection's view of the service (a browser tab's WebSocket): the same calls, and the
// sessions it opened, which close with it. A page that goes away leaves no open disk behind.

import type { OpenResult, WireReply } from '../shared/contract';

/** What a client calls: the service's one entry point. */
export interface CallHandler {
  handle(method: unknown, params: unknown): Promise<WireReply<unknown>>;
}

export class ServiceClient {
  readonly #service: CallHandler;
  readonly #sessions = new Set<string>();
  #closed = false;

  constructor(service: CallHandler) {
    this.#service = service;
  }

  /** Sessions this connection has open. */
  get sessions(): number {
    return this.#sessions.size;
  }

  async handle(method: unknown, params: unknown): Promise<WireReply<unknown>> {
    const reply = await this.#service.handle(method, params);
    if (method === 'open' && reply.ok) {
      const { session } = reply.value as OpenResult;
      // A session opened after its connection closed closes at once.
      if (this.#closed) await this.#closeSession(session);
      else this.#sessions.add(session);
    } else if (method === 'close' && reply.ok) {
      this.#sessions.delete((params as { session: string }).session);
    }
    return reply;
  }

  /** Closes every session this connection opened; idempotent. Jobs run on (see DiskService). */
  async close(): Promise<void> {
    this.#closed = true;
    const sessions = [...this.#sessions];
    this.#sessions.clear();
    await Promise.all(sessions.map((session) => this.#closeSession(session)));
  }

  async #closeSession(session: string): Promise<void> {
    await this.#service.handle('close', { session });
  }
}
