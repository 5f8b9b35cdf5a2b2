import { SectorscopeError } from '../../../electron/shared/contract';

/**
 * A call that never reached the service, or whose answer never came back: the WebSocket to
 * `sectorscope serve` closed, or Electron's IPC to the main process failed. Says nothing about
 * the disk, so what it was asking for shows as not loaded, never as unreadable.
 */
export class ConnectionLostError extends SectorscopeError {
  constructor(message: string) {
    super('IO', message);
    this.name = 'ConnectionLostError';
  }
}
