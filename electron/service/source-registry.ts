import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { SourceInfo } from '../shared/contract';

/**
 * The paths the user named (command line, File > Open). The renderer refers to them by id only,
 * so it can open nothing the user did not give.
 */
export class SourceRegistry {
  private readonly byId = new Map<string, SourceInfo>();

  add(path: string): SourceInfo {
    const absolute = resolve(path);
    for (const source of this.byId.values()) if (resolve(source.path) === absolute) return source;
    const source = { id: randomUUID(), path };
    this.byId.set(source.id, source);
    return source;
  }

  get(id: string): SourceInfo | undefined {
    return this.byId.get(id);
  }

  list(): SourceInfo[] {
    return [...this.byId.values()];
  }
}
