/** Back/forward through jump targets (byte offsets), like a browser's history. */
export class JumpHistory {
  private entries: bigint[] = [];
  private index = -1;

  /** Records a jump from `from` to `to`; forward entries are dropped. */
  push(from: bigint, to: bigint): void {
    this.entries = this.entries.slice(0, this.index + 1);
    if (this.entries.length === 0 || this.entries[this.entries.length - 1] !== from) {
      this.entries.push(from);
    }
    this.entries.push(to);
    this.index = this.entries.length - 1;
  }

  back(): bigint | null {
    if (this.index <= 0) return null;
    this.index--;
    return this.entries[this.index] ?? null;
  }

  forward(): bigint | null {
    if (this.index >= this.entries.length - 1) return null;
    this.index++;
    return this.entries[this.index] ?? null;
  }

  get canBack(): boolean {
    return this.index > 0;
  }

  get canForward(): boolean {
    return this.index < this.entries.length - 1;
  }
}
