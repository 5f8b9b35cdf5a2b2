import { memo } from 'react';
import type { BackupComparison } from '../../../electron/shared/contract';
import {
  TEMPLATES,
  TEMPLATE_IDS,
  type DecodedField,
  type TemplateId,
} from '../../../electron/shared/disk';
import type { ShownStructure } from './decode-structure';

export type FieldsState =
  | { status: 'none' }
  | { status: 'loading' }
  | { status: 'ready'; fields: DecodedField[] }
  | { status: 'failed'; message: string };

interface StructurePanelProps {
  structure: ShownStructure | null;
  fields: FieldsState;
  backup: BackupComparison | null;
  backupLabel: string | null;
  selectedField: number;
  onSelectField: (index: number) => void;
  onApplyTemplate: (template: TemplateId) => void;
  onClearApplied: () => void;
}

/** The structure under view as a list of fields; a click selects the field's bytes. */
export const StructurePanel = memo(function StructurePanel(props: StructurePanelProps) {
  const { structure, fields, backup } = props;
  return (
    <section className="panel structure" aria-label="Structure">
      <h2>
        {structure ? structure.label : 'No structure here'}
        {structure ? <span className="panel-sub">{TEMPLATES[structure.template].name}</span> : null}
      </h2>
      <div className="template-apply">
        <label>
          Apply template at cursor{' '}
          <select
            aria-label="Apply template at cursor"
            value=""
            onChange={(event) => {
              if (event.target.value) props.onApplyTemplate(event.target.value as TemplateId);
            }}
          >
            <option value="">choose…</option>
            {TEMPLATE_IDS.map((id) => (
              <option key={id} value={id}>
                {TEMPLATES[id].name}
              </option>
            ))}
          </select>
        </label>
        {structure?.appliedByUser ? (
          <button type="button" onClick={props.onClearApplied}>
            Clear
          </button>
        ) : null}
      </div>
      {backup ? <BackupNote comparison={backup} label={props.backupLabel} /> : null}
      {fields.status === 'loading' ? <p className="panel-empty">Reading…</p> : null}
      {fields.status === 'failed' ? (
        <p className="panel-empty panel-error">{fields.message}</p>
      ) : null}
      {fields.status === 'none' && !structure ? (
        <p className="panel-empty">
          Structures the partition tables locate are shown here when the cursor is on them. Any
          template can also be applied at the cursor.
        </p>
      ) : null}
      {fields.status === 'ready' ? (
        <table className="fields-table">
          <thead>
            <tr>
              <th>Offset</th>
              <th>Field</th>
              <th>Value</th>
            </tr>
          </thead>
          <tbody>
            {fields.fields.map((field, index) => (
              <tr
                key={`${field.start}-${field.name}`}
                className={`field-row field-c${index % 6}${index === props.selectedField ? ' selected' : ''}`}
                onClick={() => props.onSelectField(index)}
                title={field.description}
                data-field={field.name}
              >
                <td className="field-offset">+0x{field.offset.toString(16).toUpperCase()}</td>
                <td className="field-name">{field.name}</td>
                <td className={field.ok ? 'field-value' : 'field-value value-bad'}>
                  {field.display}
                  {field.note ? <span className="field-note"> {field.note}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
});

function DifferenceList({ differences }: { differences: BackupComparison['differences'] }) {
  return (
    <ul>
      {differences.map((d) => (
        <li key={`${d.offset}-${d.name}`}>
          {d.name} (+0x{d.offset.toString(16)}): {d.primary} ≠ {d.backup}
        </li>
      ))}
    </ul>
  );
}

function BackupNote({ comparison, label }: { comparison: BackupComparison; label: string | null }) {
  const name = label ?? comparison.backup;
  if (comparison.error) {
    return (
      <p className="backup-note backup-bad">
        Backup copy could not be compared: {comparison.error}
      </p>
    );
  }
  const { differences, expected } = comparison;
  if (differences.length === 0) {
    return (
      <div className="backup-note backup-same" role="note">
        Backup copy ({name}) is identical
        {expected.length > 0 ? (
          <>
            {' '}
            apart from {expected.length} field{expected.length === 1 ? '' : 's'} a backup keeps by
            design:
            <DifferenceList differences={expected} />
          </>
        ) : (
          '.'
        )}
      </div>
    );
  }
  return (
    <div className="backup-note backup-bad" role="note">
      Backup copy ({name}) differs in {differences.length} field
      {differences.length === 1 ? '' : 's'}:
      <DifferenceList differences={differences} />
      {expected.length > 0 ? (
        <p className="backup-expected">
          Also different by design: {expected.map((d) => d.name).join(', ')}.
        </p>
      ) : null}
    </div>
  );
}
