import type { PageStore } from '../disk/page-store';
import { useStoreStatus } from '../disk/use-store-status';
import { useClock } from '../use-clock';

/** A read waited on this long is a disk not answering, not a slow one. */
export const NOT_ANSWERING_MS = 3000;

interface DiskBannersProps {
  store: PageStore;
  onReopen: () => void;
}

/**
 * What the disk itself is doing wrong, above the grid: gone, or not answering (with Cancel),
 * and the pages given up on (with Retry). The bytes on screen stay in every case.
 */
export function DiskBanners({ store, onReopen }: DiskBannersProps) {
  const status = useStoreStatus(store);
  const now = useClock(status.waitingSince !== null);
  const waitedMs = status.waitingSince === null ? 0 : now - status.waitingSince;
  const lbas = status.waitingLbas;
  return (
    <>
      {status.gone !== null ? (
        <div className="banner banner-error" role="alert">
          <span>
            <strong>The disk went away.</strong> {status.gone} The bytes on screen were read before;
            bytes never read show as not loaded (--).
          </span>
          <button type="button" onClick={onReopen}>
            Reopen
          </button>
        </div>
      ) : null}
      {status.gone === null && status.waitingSince !== null && waitedMs >= NOT_ANSWERING_MS ? (
        <div className="banner banner-warn" role="alert" aria-label="Disk not responding">
          <span>
            <strong>Disk not responding.</strong> The disk has not answered for{' '}
            {Math.floor(waitedMs / 1000)} s
            {lbas ? ` (a read of LBA ${lbas.first}–${lbas.last})` : ''}. A failing disk can take
            minutes to answer one read. Cancel stops waiting: those bytes show as not loaded, and
            the rest of the disk can be browsed meanwhile.
          </span>
          <button type="button" onClick={() => store.cancelWaiting()}>
            Cancel
          </button>
        </div>
      ) : null}
      {status.cancelledPages > 0 ? (
        <div className="banner banner-info" role="status">
          <span>
            Stopped waiting for the disk: {status.cancelledPages} page
            {status.cancelledPages === 1 ? '' : 's'} of 64 KiB show as not loaded (--). If the disk
            answers after all, they fill in.
          </span>
          <button type="button" onClick={() => store.retry()}>
            Retry
          </button>
        </div>
      ) : null}
    </>
  );
}
