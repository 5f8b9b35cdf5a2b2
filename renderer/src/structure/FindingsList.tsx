import { memo } from 'react';
import type { PartitionsJson } from '../../../electron/shared/disk';
import { findingTitle } from './finding-titles';

interface FindingsListProps {
  findings: PartitionsJson['findings'];
  onJump: (lba: bigint) => void;
}

const ICON = { error: '✖', warning: '⚠', info: 'ℹ' } as const;

/** Every problem the parsers found, never hidden; those about a sector jump there. */
export const FindingsList = memo(function FindingsList({ findings, onJump }: FindingsListProps) {
  return (
    <section className="panel findings" aria-label="Findings">
      <h2>
        Findings{' '}
        <span className="panel-sub">{findings.length === 0 ? 'none' : findings.length}</span>
      </h2>
      <ul>
        {findings.map((finding, i) => (
          <li key={i} className={`finding finding-${finding.severity}`}>
            <span className="finding-icon" aria-label={finding.severity}>
              {ICON[finding.severity]}
            </span>
            <span className="finding-text">
              {findingTitle(finding.code) ? (
                <span className="finding-title">{findingTitle(finding.code)}</span>
              ) : null}
              {finding.message}
            </span>
            {finding.lba !== undefined ? (
              <button
                type="button"
                className="link"
                onClick={() => onJump(BigInt(finding.lba ?? 0))}
              >
                LBA {finding.lba}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
});
