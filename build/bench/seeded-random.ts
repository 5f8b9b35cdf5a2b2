// A small seeded generator, so each run visits the same offsets and runs can be compared.

/** xoshiro128** on 32-bit words: uniform doubles in [0, 1), the same sequence for a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0 || 1;
  let b = 0x9e3779b9;
  let c = 0x243f6a88;
  let d = 0xb7e15162;
  return () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result / 0x1_0000_0000;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A uniform integer in [0, limit) for limits up to 2^53, from two draws. */
export function randomBelow(random: () => number, limit: bigint): bigint {
  const wide = BigInt(Math.floor(random() * 0x20_0000)) * 0x1_0000_0000n;
  const draw = wide + BigInt(Math.floor(random() * 0x1_0000_0000));
  return draw % limit;
}
