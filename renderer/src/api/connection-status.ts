/** The state of the link to the service, as the connection banner tells it. */
export type ConnectionState =
  | { kind: 'connected' }
  | {
      kind: 'lost';
      reason: string;
      /** When the next try starts (Date.now() time), or null while a try is under way. */
      retryAt: number | null;
    }
  /**
   * Browser mode: the server at this page's address answers, but refuses this page's token. A
   * restarted `sectorscope serve` has a new one: only the URL it printed reaches it.
   */
  | { kind: 'replaced' };

/**
 * The connection's state for React (useSyncExternalStore), and a signal for when it comes back
 * after being lost, so that the view can reopen its disk where it was.
 */
export class ConnectionStatus {
  private state: ConnectionState = { kind: 'connected' };
  private readonly listeners = new Set<() => void>();
  private readonly reconnectListeners = new Set<() => void>();
  private retry: () => void = () => undefined;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ConnectionState => this.state;

  /** Called once the connection is back after being lost. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  set(state: ConnectionState): void {
    const wasLost = this.state.kind !== 'connected';
    this.state = state;
    for (const listener of this.listeners) listener();
    if (wasLost && state.kind === 'connected') {
      for (const listener of this.reconnectListeners) listener();
    }
  }

  /** The transport's way to try again at once (the banner's Retry now). */
  setRetry(retry: () => void): void {
    this.retry = retry;
  }

  retryNow(): void {
    this.retry();
  }
}

/** Waits before each try: 0.5 s, then twice as long each time, at most 8 s. */
export function backoffMs(attempt: number): number {
  return Math.min(8000, 500 * 2 ** attempt);
}
