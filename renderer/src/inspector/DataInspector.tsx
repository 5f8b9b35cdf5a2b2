import { memo } from 'react';
import { DECODERS, INSPECTOR_DECODERS, decodeValue } from '../../../electron/shared/disk';

interface DataInspectorProps {
  /** Bytes from the cursor (or the selection), null while loading or unreadable. */
  bytes: Uint8Array | null;
  offset: bigint;
  fromSelection: boolean;
}

/** Every reading of the bytes under the cursor: integers, floats, times, GUID, text, bits. */
export const DataInspector = memo(function DataInspector({
  bytes,
  offset,
  fromSelection,
}: DataInspectorProps) {
  const copy = (text: string) => void navigator.clipboard?.writeText(text).catch(() => undefined);
  return (
    <section className="panel inspector" aria-label="Data inspector">
      <h2>
        Data inspector{' '}
        <span className="panel-sub">
          {fromSelection ? 'selection' : 'cursor'} at 0x{offset.toString(16).toUpperCase()}
        </span>
      </h2>
      {bytes === null ? (
        <p className="panel-empty">The bytes here are loading, not read or unreadable.</p>
      ) : (
        <table className="inspector-table">
          <tbody>
            {INSPECTOR_DECODERS.map((id) => {
              const decoder = DECODERS[id];
              const size = decoder.size ?? bytes.length;
              const decoded = decodeValue(id, bytes.subarray(0, size));
              return (
                <tr key={id} data-decoder={id}>
                  <th scope="row">{decoder.label}</th>
                  <td className={decoded.ok ? 'value' : 'value value-bad'}>{decoded.display}</td>
                  <td>
                    {decoded.ok ? (
                      <button
                        type="button"
                        className="copy"
                        aria-label={`Copy ${decoder.label}`}
                        title="Copy"
                        onClick={() => copy(decoded.display)}
                      >
                        copy
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
});
