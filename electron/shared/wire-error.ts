import { ERROR_CODES, SectorscopeError, type ErrorCode, type WireError } from './contract';

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}

/**
 * Errors the user can cause (native-bridge's NativeDiskError and the service's own
 * SectorscopeError) keep their code and message; anything else is a bug, reported as INTERNAL.
 */
export function toWireError(error: unknown): WireError {
  if (error instanceof SectorscopeError) return { code: error.code, message: error.message };
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  if (error instanceof Error && isErrorCode(code)) return { code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `Internal error: ${message}` };
}
