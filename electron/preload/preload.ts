// Runs sandboxed with contextIsolation: the page gets exactly these two functions, nothing of
// Node or of ipcRenderer itself.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ServerEvent, WireReply } from '../shared/contract';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../shared/ipc-channels';

contextBridge.exposeInMainWorld('sectorscope', {
  call: (method: string, params: unknown): Promise<WireReply<unknown>> =>
    ipcRenderer.invoke(CALL_CHANNEL, method, params),
  onEvent: (listener: (event: ServerEvent) => void): (() => void) => {
    const forward = (_event: IpcRendererEvent, payload: ServerEvent) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  },
});
