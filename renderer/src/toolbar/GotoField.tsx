import { useState, type FormEvent, type Ref } from 'react';
import { parseGotoInput, resolveGotoTarget } from '../../../electron/shared/goto-input';

interface GotoFieldProps {
  inputRef: Ref<HTMLInputElement>;
  sectorSize: number;
  sizeBytes: bigint;
  onGo: (offset: bigint) => void;
}

/** Always-visible go-to: an LBA (123, 0x7B) or a byte offset (@0x1000); errors stay beside it. */
export function GotoField({ inputRef, sectorSize, sizeBytes, onGo }: GotoFieldProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseGotoInput(text);
    if (!parsed.ok) return setError(parsed.message);
    const resolved = resolveGotoTarget(parsed.target, sectorSize, sizeBytes);
    if (!resolved.ok) return setError(resolved.message);
    setError(null);
    onGo(resolved.offset);
  };

  return (
    <form className="goto" onSubmit={submit} role="search">
      <label htmlFor="goto-input">Go to LBA</label>
      <input
        id="goto-input"
        ref={inputRef}
        value={text}
        placeholder="2048, 0x800 or @0x100000"
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error !== null}
        aria-describedby={error ? 'goto-error' : undefined}
        onChange={(event) => {
          setText(event.target.value);
          setError(null);
        }}
      />
      <button type="submit">Go</button>
      {error ? (
        <span id="goto-error" className="goto-error" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}
