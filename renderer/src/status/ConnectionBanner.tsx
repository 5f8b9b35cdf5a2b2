import { useSyncExternalStore } from 'react';
import type { ConnectionStatus } from '../api/connection-status';
import { useClock } from '../use-clock';

interface ConnectionBannerProps {
  status: ConnectionStatus;
  transport: 'electron' | 'browser';
}

/**
 * The link to the service is lost: says so, counts down to the next try, and offers to try at
 * once. For a restarted `sectorscope serve` (a new token), says how to reopen the view.
 */
export function ConnectionBanner({ status, transport }: ConnectionBannerProps) {
  const state = useSyncExternalStore(status.subscribe, status.getSnapshot);
  // Ticks while lost: the countdown, and the fragment of the view (the way back) as it moves.
  const now = useClock(state.kind !== 'connected');
  if (state.kind === 'connected') return null;
  const kept = 'The bytes on screen stay; bytes not read yet show as not loaded (--).';
  if (state.kind === 'replaced') {
    const here = window.location.hash
      ? `, with ${window.location.hash} at its end to come back here`
      : '';
    return (
      <div className="banner banner-error" role="alert" aria-label="Connection lost">
        <span>
          <strong>Sectorscope serve was restarted.</strong> The server at {window.location.host} no
          longer knows this page&apos;s address: each start of <code>sectorscope serve</code> prints
          a new URL with a new token. Open the URL it printed in its terminal{here}. {kept}
        </span>
      </div>
    );
  }
  const seconds = state.retryAt === null ? 0 : Math.max(0, Math.ceil((state.retryAt - now) / 1000));
  const what =
    transport === 'browser'
      ? 'Lost the connection to sectorscope serve'
      : 'The Sectorscope service stopped answering';
  return (
    <div className="banner banner-warn" role="alert" aria-label="Connection lost">
      <span>
        <strong>{what}</strong> ({state.reason}).{' '}
        {state.retryAt === null ? 'Trying again…' : `Trying again in ${seconds} s.`} {kept} When it
        is back, the view reloads where it is.
      </span>
      <button type="button" onClick={() => status.retryNow()}>
        Retry now
      </button>
    </div>
  );
}
