// GUIDs as GPT stores them: the first three fields little-endian, the last two as written.

const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function guidBytes(text: string): Uint8Array {
  if (!GUID_PATTERN.test(text)) throw new Error(`"${text}" is not a GUID (8-4-4-4-12 hex digits).`);
  const hex = text.replace(/-/g, '');
  const plain = Uint8Array.from({ length: 16 }, (_, i) =>
    parseInt(hex.slice(i * 2, i * 2 + 2), 16),
  );
  const mixed = new Uint8Array(16);
  mixed.set(plain.subarray(0, 4).reverse(), 0);
  mixed.set(plain.subarray(4, 6).reverse(), 4);
  mixed.set(plain.subarray(6, 8).reverse(), 6);
  mixed.set(plain.subarray(8, 16), 8);
  return mixed;
}
