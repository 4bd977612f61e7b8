/**
 * Errors as the renderer keeps them: the contract's envelope ({code, message, detail}),
 * whatever shape the transport rejected with. The engine's words stay intact.
 */
export interface ErrorInfo {
  code: string;
  message: string;
  detail?: string;
}

export function toErrorInfo(err: unknown): ErrorInfo {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; message?: unknown; detail?: unknown };
    const message = typeof e.message === 'string' && e.message ? e.message : String(err);
    return {
      code: typeof e.code === 'string' ? e.code : 'internal',
      message,
      ...(typeof e.detail === 'string' && e.detail ? { detail: e.detail } : {}),
    };
  }
  return { code: 'internal', message: String(err) };
}
