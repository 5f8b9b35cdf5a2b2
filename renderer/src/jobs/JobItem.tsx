import { useState } from 'react';
import type { HashResult, SearchHit } from '../../../electron/shared/contract';
import { humanBytes } from '../grid/format';
import { formatDuration, listLbas, progressFigures } from './format-job';
import type { JobState } from './job-store';

interface JobItemProps {
  job: JobState;
  onCancel: () => void;
  onDismiss: () => void;
  /** Null for a job of another disk: its hits cannot be opened here. */
  onOpenHit: ((hit: SearchHit) => void) | null;
}

const copy = (text: string) => void navigator.clipboard?.writeText(text).catch(() => undefined);

export function JobItem({ job, onCancel, onDismiss, onOpenHit }: JobItemProps) {
  const figures = job.progress ? progressFigures(job.progress) : null;
  const percent = job.status === 'done' ? 100 : (figures?.percent ?? 0);
  return (
    <li className={`job job-${job.status}`} data-job-kind={job.kind} data-job-status={job.status}>
      <div className="job-head">
        <span className="job-title">
          {job.kind} · {job.label}
          {onOpenHit === null && job.diskPath ? (
            <span className="job-disk"> · {job.diskPath}</span>
          ) : null}
        </span>
        <span className={`job-status status-${job.status}`}>{job.status}</span>
        {job.status === 'running' ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : (
          <button type="button" onClick={onDismiss} aria-label="Dismiss job">
            ×
          </button>
        )}
      </div>
      <div
        className="job-bar"
        role="progressbar"
        aria-label={`${job.kind} progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(percent)}
      >
        <div style={{ width: `${percent}%` }} />
      </div>
      {figures ? <div className="job-figures">{figures.text}</div> : null}
      {job.error ? (
        <div className="job-error" role="alert">
          {job.error.message}
        </div>
      ) : null}
      {job.result?.kind === 'hash' ? <HashOutcome result={job.result} /> : null}
      {job.result?.kind === 'export' ? (
        <div className="job-result">
          <div>
            Wrote {humanBytes(BigInt(job.result.bytes))} to <code>{job.result.destination}</code> in{' '}
            {formatDuration(job.result.seconds)}
          </div>
          <div>
            SHA-256 <code className="digest">{job.result.sha256}</code>{' '}
            <button
              type="button"
              className="copy"
              onClick={() => copy(job.result?.kind === 'export' ? job.result.sha256 : '')}
            >
              copy
            </button>
          </div>
          <ZeroFilled lbas={job.result.badSectors} />
        </div>
      ) : null}
      {job.kind === 'search' ? <SearchHits job={job} onOpenHit={onOpenHit} /> : null}
    </li>
  );
}

function ZeroFilled({ lbas }: { lbas: readonly string[] }) {
  if (lbas.length === 0) return <div className="job-clean">No unreadable sectors.</div>;
  return (
    <div className="job-warning" role="note">
      {lbas.length} unreadable sector{lbas.length === 1 ? '' : 's'} zero-filled: LBA{' '}
      {listLbas(lbas)}
    </div>
  );
}

function HashOutcome({ result }: { result: HashResult }) {
  const [expected, setExpected] = useState('');
  const wanted = expected.trim().toLowerCase().replace(/\s+/g, '');
  const match = Object.entries(result.digests).find(([, digest]) => digest === wanted);
  return (
    <div className="job-result">
      <table className="digests">
        <tbody>
          {Object.entries(result.digests).map(([algorithm, digest]) => (
            <tr key={algorithm} data-algorithm={algorithm}>
              <th scope="row">{algorithm.toUpperCase()}</th>
              <td>
                <code className="digest">{digest}</code>
              </td>
              <td>
                <button type="button" className="copy" onClick={() => copy(digest ?? '')}>
                  copy
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div>
        {humanBytes(BigInt(result.bytes))} ({result.bytes} bytes) in{' '}
        {formatDuration(result.seconds)}
      </div>
      <ZeroFilled lbas={result.badSectors} />
      <label className="verify">
        Expected digest{' '}
        <input
          aria-label="Expected digest"
          value={expected}
          onChange={(event) => setExpected(event.target.value)}
          placeholder="paste a digest to check"
          spellCheck={false}
        />
      </label>
      {wanted ? (
        <div className={match ? 'verify-ok' : 'verify-bad'} role="status">
          {match ? `Matches the ${match[0].toUpperCase()} digest.` : 'Matches none of the digests.'}
        </div>
      ) : null}
    </div>
  );
}

function SearchHits({
  job,
  onOpenHit,
}: {
  job: JobState;
  onOpenHit: ((hit: SearchHit) => void) | null;
}) {
  const result = job.result?.kind === 'search' ? job.result : null;
  return (
    <div className="job-result">
      <div>
        {job.hits.length} hit{job.hits.length === 1 ? '' : 's'}
        {result?.truncated ? ' (stopped at the hit limit)' : ''}
        {result ? ` · ${formatDuration(result.seconds)}` : ''}
      </div>
      {result ? <ZeroFilled lbas={result.badSectors} /> : null}
      <ul className="hits" aria-label="Search hits">
        {job.hits.slice(0, 500).map((hit) => (
          <li key={hit.offset}>
            <button
              type="button"
              className="hit"
              onClick={() => onOpenHit?.(hit)}
              disabled={onOpenHit === null}
              title={
                onOpenHit === null
                  ? `A hit on ${job.diskPath}: open that disk to go there`
                  : undefined
              }
              data-offset={hit.offset}
            >
              <span className="hit-offset">0x{BigInt(hit.offset).toString(16).toUpperCase()}</span>
              <span className="hit-lba">LBA {hit.lba}</span>
              <code className="hit-context">{contextWithMark(hit, job.hitLength)}</code>
            </button>
          </li>
        ))}
      </ul>
      {job.hits.length > 500 ? (
        <div className="panel-empty">First 500 shown; F3 walks them all.</div>
      ) : null}
    </div>
  );
}

function contextWithMark(hit: SearchHit, length: number) {
  const pairs = hit.context.match(/../g) ?? [];
  const marked = (i: number) => i >= hit.contextStart && i < hit.contextStart + length;
  return pairs.map((pair, i) => (
    <span key={i} className={marked(i) ? 'hit-byte' : undefined}>
      {pair}
    </span>
  ));
}
