import type {
  DiskApi,
  MethodName,
  Params,
  Result,
  ServerEvent,
  WireReply,
} from '../../../electron/shared/contract';
import { unwrapReply } from './reply';

/** What electron/preload exposes through contextBridge as window.sectorscope. */
export interface PreloadBridge {
  call(method: string, params: unknown): Promise<WireReply<unknown>>;
  onEvent(listener: (event: ServerEvent) => void): () => void;
}

export function createElectronApi(bridge: PreloadBridge): DiskApi {
  return {
    transport: 'electron',
    async call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
      return unwrapReply((await bridge.call(method, params)) as WireReply<Result<M>>);
    },
    onEvent: (listener) => bridge.onEvent(listener),
  };
}
