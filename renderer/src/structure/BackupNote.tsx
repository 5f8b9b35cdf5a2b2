import type { BackupComparison } from '../../../electron/shared/contract';
import type { FieldDifference } from '../../../electron/shared/disk';
import './backup-note.css';

function DifferenceItem({ difference: d }: { difference: FieldDifference }) {
  return (
    <li data-field={d.name}>
      {d.name} (+0x{d.offset.toString(16)}): {d.primary} ≠ {d.backup}
    </li>
  );
}

/** Differences a backup has by design, under the reason each has (several share one). */
function ByDesign({ expected }: { expected: readonly FieldDifference[] }) {
  const byReason = new Map<string, FieldDifference[]>();
  for (const d of expected) {
    const reason = d.reason ?? 'a backup differs here by design';
    byReason.set(reason, [...(byReason.get(reason) ?? []), d]);
  }
  return (
    <div className="backup-by-design" aria-label="Different by design">
      <p className="backup-heading">
        Different by design ({expected.length} field{expected.length === 1 ? '' : 's'}):
      </p>
      {[...byReason].map(([reason, differences]) => (
        <div key={reason} className="backup-reason-group">
          <p className="backup-reason">{reason}</p>
          <ul>
            {differences.map((d) => (
              <DifferenceItem key={`${d.offset}-${d.name}`} difference={d} />
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

/**
 * How a structure compares with its backup copy: differences that matter in red, and apart from
 * them, not red, those every backup has by design, each under its reason.
 */
export function BackupNote({
  comparison,
  label,
}: {
  comparison: BackupComparison;
  label: string | null;
}) {
  const name = label ?? comparison.backup;
  if (comparison.error) {
    return (
      <p className="backup-note backup-bad">
        Backup copy could not be compared: {comparison.error}
      </p>
    );
  }
  const { differences, expected } = comparison;
  const apart = expected.length > 0;
  return (
    <div className="backup-note backup-compared" role="note">
      {differences.length === 0 ? (
        <p className="backup-verdict backup-same">
          Backup copy ({name}) is identical
          {apart
            ? ` apart from ${expected.length} field${expected.length === 1 ? '' : 's'} a backup keeps by design.`
            : '.'}
        </p>
      ) : (
        <div className="backup-verdict backup-bad">
          Backup copy ({name}) differs in {differences.length} field
          {differences.length === 1 ? '' : 's'}:
          <ul className="backup-real">
            {differences.map((d) => (
              <DifferenceItem key={`${d.offset}-${d.name}`} difference={d} />
            ))}
          </ul>
        </div>
      )}
      {apart ? <ByDesign expected={expected} /> : null}
    </div>
  );
}
