import { memo } from 'react';
import type { BackupComparison } from '../../../electron/shared/contract';
import {
  TEMPLATES,
  TEMPLATE_IDS,
  type DecodedField,
  type TemplateId,
} from '../../../electron/shared/disk';
import { BackupNote } from './BackupNote';
import type { ShownStructure } from './decode-structure';
import type { FoundVolume } from './volume-at';
import { VolumeIdentity } from './VolumeIdentity';

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
  /** The volume at the cursor when no template shows it (its identity is shown instead). */
  volume?: FoundVolume | null;
}

/** The structure under view as a list of fields; a click selects the field's bytes. */
export const StructurePanel = memo(function StructurePanel(props: StructurePanelProps) {
  const { structure, fields, backup } = props;
  const volume = structure ? null : (props.volume ?? null);
  return (
    <section className="panel structure" aria-label="Structure">
      <h2>
        {structure
          ? structure.label
          : volume
            ? `${volume.title}: ${volume.filesystem.name}`
            : 'No structure here'}
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
      {volume ? <VolumeIdentity volume={volume} /> : null}
      {fields.status === 'none' && !structure && !volume ? (
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
