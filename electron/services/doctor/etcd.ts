/**
 * Does the cluster store answer? etcd's `/health` and `/version` over plain HTTP, each bounded.
 * A consul URL gets `/v1/status/leader`. Node-only (global fetch).
 */
export interface StoreProbe {
  url: string;
  ok: boolean;
  evidence: string[];
}

async function get(url: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, text: (await res.text()).slice(0, 500).trim() };
}

function why(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  return e.cause?.code ?? e.cause?.message ?? e.message;
}

export async function probeStore(url: string, timeoutMs = 2_000): Promise<StoreProbe> {
  const base = url.replace(/\/+$/, '');
  const consul = /:8500$/.test(base) || /^consul:/.test(url);
  const evidence: string[] = [];
  if (consul) {
    try {
      const r = await get(`${base}/v1/status/leader`, timeoutMs);
      evidence.push(`GET ${base}/v1/status/leader → HTTP ${r.status} ${r.text}`);
      return { url, ok: r.status === 200 && r.text !== '""', evidence };
    } catch (err) {
      evidence.push(`GET ${base}/v1/status/leader: ${why(err, timeoutMs)}`);
      return { url, ok: false, evidence };
    }
  }
  let healthy = false;
  const [health, version] = await Promise.allSettled([get(`${base}/health`, timeoutMs), get(`${base}/version`, timeoutMs)]);
  if (health.status === 'fulfilled') {
    let parsed: { health?: unknown } = {};
    try {
      parsed = JSON.parse(health.value.text) as { health?: unknown };
    } catch {
      // Not JSON: not etcd (or a proxy's error page) — reported below as unhealthy.
    }
    healthy = health.value.status === 200 && (parsed.health === 'true' || parsed.health === true);
    evidence.push(`GET ${base}/health → HTTP ${health.value.status} ${health.value.text}`);
  } else evidence.push(`GET ${base}/health: ${why(health.reason, timeoutMs)}`);
  if (version.status === 'fulfilled') evidence.push(`GET ${base}/version → HTTP ${version.value.status} ${version.value.text}`);
  else evidence.push(`GET ${base}/version: ${why(version.reason, timeoutMs)}`);
  return { url, ok: healthy, evidence };
}
