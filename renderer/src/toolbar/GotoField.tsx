import { useState, type FormEvent, type Ref } from 'react';
import type { ByteRange } from '../grid/HexRow';
import { readGoto, type GotoContext } from '../nav/goto-language';

interface GotoFieldProps {
  inputRef: Ref<HTMLInputElement>;
  context: GotoContext;
  /** Go to `offset`; with `selection`, select it there. */
  onGo: (offset: bigint, selection: ByteRange | null) => void;
}

/**
 * Always-visible go-to (see goto-language.ts for what it reads). While typing, what it
 * understood shows beside it; on Enter, an error stays beside it as an alert.
 */
export function GotoField({ inputRef, context, onGo }: GotoFieldProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [focused, setFocused] = useState(false);
  const preview = !focused || text.trim() === '' ? null : readGoto(text, context);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = readGoto(text, context);
    if (!result.ok) return setError(result.message);
    setError(null);
    onGo(result.offset, result.selection);
  };

  return (
    <form className="goto" onSubmit={submit} role="search">
      <label htmlFor="goto-input">Go to LBA</label>
      <input
        id="goto-input"
        ref={inputRef}
        value={text}
        placeholder="2048, @0x1000, p2+0, +10, end-1, 2048 len 16"
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error !== null}
        aria-describedby={error ? 'goto-error' : preview ? 'goto-preview' : undefined}
        onChange={(event) => {
          setText(event.target.value);
          setError(null);
        }}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
      />
      <button type="submit">Go</button>
      {error ? (
        <span id="goto-error" className="goto-error" role="alert">
          {error}
        </span>
      ) : null}
      {!error && preview ? (
        <output
          id="goto-preview"
          htmlFor="goto-input"
          className={`goto-preview${preview.ok ? '' : ' goto-preview-bad'}`}
        >
          {preview.ok ? `→ ${preview.understood}` : preview.message}
        </output>
      ) : null}
    </form>
  );
}
