/**
 * The one error shape every service throws and every transport carries:
 * a stable `code` a program can branch on, a human `message` (the engine's own
 * words when the engine said something), and the raw `detail` one click away.
 */
export interface ErrorEnvelope {
  code: string;
  message: string;
  detail?: string;
}

export class PlugsmithError extends Error {
  readonly code: string;
  readonly detail?: string;
  constructor(code: string, message: string, detail?: string) {
    super(message);
    this.name = 'PlugsmithError';
    this.code = code;
    this.detail = detail;
  }
  toEnvelope(): ErrorEnvelope {
    return { code: this.code, message: this.message, ...(this.detail ? { detail: this.detail } : {}) };
  }
}

/** Turns anything thrown into the envelope, keeping the original words intact. */
export function toEnvelope(err: unknown): ErrorEnvelope {
  if (err instanceof PlugsmithError) return err.toEnvelope();
  if (err instanceof Error) {
    const anyErr = err as Error & { code?: unknown };
    const code = typeof anyErr.code === 'string' ? `system/${anyErr.code}` : 'internal';
    return { code, message: err.message, detail: err.stack };
  }
  return { code: 'internal', message: String(err) };
}
