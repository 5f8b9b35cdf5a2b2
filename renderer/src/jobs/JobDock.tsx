import { memo, useState, type FormEvent, type Ref } from 'react';
import type { PartitionsJson } from '../../../electron/shared/disk';
import type {
  DiskApi,
  HashAlgorithm,
  JobSpec,
  SearchHit,
  SearchPattern,
} from '../../../electron/shared/contract';
import { compileSearchPattern } from '../../../electron/shared/search-pattern';
import type { ByteRange } from '../grid/HexRow';
import { JobItem } from './JobItem';
import type { JobState, JobStore } from './job-store';
import { RangePicker, resolveRange, type RangeChoice } from './RangePicker';

export type JobMode = 'hash' | 'search' | 'export';

interface JobDockProps {
  api: DiskApi;
  session: string;
  sectorSize: number;
  mode: JobMode;
  onModeChange: (mode: JobMode) => void;
  onClose: () => void;
  partitions: PartitionsJson['partitions'];
  selection: ByteRange | null;
  jobs: readonly JobState[];
  store: JobStore;
  onOpenHit: (hit: SearchHit) => void;
  searchInputRef: Ref<HTMLInputElement>;
  diskPath: string;
}

const ALGORITHMS: HashAlgorithm[] = ['md5', 'sha1', 'sha256', 'sha512'];

/** Start hash, search and export jobs over a range; follow their progress and results. */
export const JobDock = memo(function JobDock(props: JobDockProps) {
  const { api, session, mode, partitions, selection, store, searchInputRef } = props;
  const [range, setRange] = useState<RangeChoice>({ kind: 'disk' });
  const [algorithms, setAlgorithms] = useState<HashAlgorithm[]>(['md5', 'sha1', 'sha256']);
  const [patternType, setPatternType] = useState<SearchPattern['type']>('hex');
  const [patternText, setPatternText] = useState('');
  const [ignoreCase, setIgnoreCase] = useState(false);
  const [aligned, setAligned] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const start = async (event: FormEvent) => {
    event.preventDefault();
    const resolved = resolveRange(range, partitions, selection, props.sectorSize);
    if (!resolved.ok) return setError(resolved.message);
    let spec: JobSpec;
    let label = resolved.label;
    let hitLength = 1;
    if (mode === 'hash') {
      if (algorithms.length === 0) return setError('Choose at least one digest.');
      spec = { kind: 'hash', algorithms };
      label = `${algorithms.join('+')} of ${label}`;
    } else if (mode === 'search') {
      const pattern: SearchPattern =
        patternType === 'hex'
          ? { type: 'hex', value: patternText }
          : { type: patternType, value: patternText, ignoreCase };
      const compiled = compileSearchPattern(pattern);
      if (!compiled.ok) return setError(compiled.message);
      hitLength = compiled.pattern.length;
      spec = { kind: 'search', pattern, alignedToSector: aligned };
      label = `${compiled.pattern.description}${aligned ? ' at sector starts' : ''} in ${label}`;
    } else {
      spec = { kind: 'export' };
      label = `export of ${label}`;
    }
    try {
      const started = await api.call('startJob', { session, range: resolved.range, spec });
      setError(null);
      if (started) {
        store.started(started.job, spec.kind, label, { session, path: props.diskPath }, hitLength);
      }
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  return (
    <section className="job-dock" aria-label="Jobs">
      <form className="job-form" onSubmit={start}>
        <div className="job-tabs" role="tablist">
          {(['hash', 'search', 'export'] as const).map((tab) => (
            <button
              key={tab}
              type="button"
              role="tab"
              aria-selected={mode === tab}
              onClick={() => {
                props.onModeChange(tab);
                setError(null);
              }}
            >
              {tab === 'hash' ? 'Hash' : tab === 'search' ? 'Search' : 'Export'}
            </button>
          ))}
        </div>
        {mode === 'hash' ? (
          <span className="job-options" aria-label="Digests">
            {ALGORITHMS.map((algorithm) => (
              <label key={algorithm}>
                <input
                  type="checkbox"
                  checked={algorithms.includes(algorithm)}
                  onChange={(event) =>
                    setAlgorithms((list) =>
                      event.target.checked
                        ? ALGORITHMS.filter((a) => a === algorithm || list.includes(a))
                        : list.filter((a) => a !== algorithm),
                    )
                  }
                />
                {algorithm.toUpperCase()}
              </label>
            ))}
          </span>
        ) : null}
        {mode === 'search' ? (
          <span className="job-options">
            <select
              aria-label="Pattern type"
              value={patternType}
              onChange={(event) => setPatternType(event.target.value as SearchPattern['type'])}
            >
              <option value="hex">hex (?? = any byte)</option>
              <option value="text">text (UTF-8)</option>
              <option value="utf16le">text (UTF-16LE)</option>
            </select>
            <input
              ref={searchInputRef}
              aria-label="Search pattern"
              value={patternText}
              onChange={(event) => {
                setPatternText(event.target.value);
                setError(null);
              }}
              placeholder={patternType === 'hex' ? '4E 54 ?? 53' : 'NTFS'}
              spellCheck={false}
            />
            {patternType !== 'hex' ? (
              <label>
                <input
                  type="checkbox"
                  checked={ignoreCase}
                  onChange={(e) => setIgnoreCase(e.target.checked)}
                />
                ignore case
              </label>
            ) : null}
            <label>
              <input
                type="checkbox"
                checked={aligned}
                onChange={(e) => setAligned(e.target.checked)}
              />
              only at sector starts
            </label>
          </span>
        ) : null}
        {mode === 'export' ? (
          <span className="job-options">
            to a file you choose; its SHA-256 is computed on the way
          </span>
        ) : null}
        <RangePicker
          value={range}
          onChange={setRange}
          partitions={partitions}
          selection={selection}
        />
        <button type="submit" className="primary">
          Start
        </button>
        <button type="button" onClick={props.onClose} aria-label="Close jobs">
          ×
        </button>
        {error ? (
          <div className="job-form-error" role="alert">
            {error}
          </div>
        ) : null}
      </form>
      <ul className="job-list">
        {props.jobs.map((job) => (
          <JobItem
            key={job.id}
            job={job}
            onCancel={() => void api.call('cancelJob', { job: job.id }).catch(() => undefined)}
            onDismiss={() => store.remove(job.id)}
            onOpenHit={job.session === session ? props.onOpenHit : null}
          />
        ))}
      </ul>
    </section>
  );
});
