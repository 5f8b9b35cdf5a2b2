import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { DiskService } from '../service/disk-service';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../shared/ipc-channels';

/**
 * The Electron transport: one invoke channel into the service, accepted only from the main frame
 * of our own window showing our own page; events pushed back on one channel.
 */
export function registerIpcTransport(
  service: DiskService,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
  target: () => WebContents | undefined,
): void {
  ipcMain.handle(CALL_CHANNEL, async (event, method: unknown, params: unknown) => {
    if (!isTrustedSender(event)) {
      return {
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: 'Refused: unknown sender.' },
      };
    }
    return service.handle(method, params);
  });
  service.onEvent((event) => target()?.send(EVENT_CHANNEL, event));
}
