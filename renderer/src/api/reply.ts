import { SectorscopeError, type WireReply } from '../../../electron/shared/contract';

export function unwrapReply<T>(reply: WireReply<T>): T {
  if (reply.ok) return reply.value;
  throw new SectorscopeError(reply.error.code, reply.error.message);
}
