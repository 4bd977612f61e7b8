/**
 * Secrets out of everything the bundle holds, logs included. Three rules:
 *  - values of env/settings whose NAME says token, password, secret or key (wherever the value
 *    appears later — a log echoing it is redacted too);
 *  - credentials inside URLs (`etcd://user:pass@…`, `tcp://user:pass@…` in DOCKER_HOST, proxies);
 *  - registry auth (`auth`, `auths`, `identitytoken`, `X-Registry-Auth`) — never kept.
 * A Redactor is per bundle: it learns secret values from the structured parts first, then applies
 * them to every text. Pure.
 */
export const SECRET_NAME = /(token|passw(or)?d|passwd|secret|key|credential|auth)/i;
const REGISTRY_AUTH_KEYS = /^(auth|auths|identitytoken|registrytoken|x-registry-auth|registryauth)$/i;
const URL_CREDS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:'"]+):([^\s/@'"]+)@/gi;
const NAME_EQUALS_VALUE = /\b([A-Za-z_][\w.-]*)=("[^"]*"|'[^']*'|[^\s,;"'&]+)/g;
export const MASK = '«redacted»';

export class Redactor {
  private values = new Set<string>();
  count = 0;

  /** A value to remove wherever it shows up (too-short values would mask ordinary words). */
  learn(value: string | null | undefined): void {
    if (typeof value === 'string' && value.length >= 4 && value !== MASK) this.values.add(value);
  }

  /** Learns from `K=V` env strings and {Name, Value} entries with a secret-looking name. */
  learnEnv(env: (string | { Name?: string; Value?: string | null })[] | null | undefined): void {
    for (const e of env ?? []) {
      if (typeof e === 'string') {
        const i = e.indexOf('=');
        if (i > 0 && SECRET_NAME.test(e.slice(0, i))) this.learn(e.slice(i + 1));
      } else if (e && typeof e.Name === 'string' && SECRET_NAME.test(e.Name)) this.learn(e.Value ?? null);
    }
  }

  text(s: string): string {
    let out = s;
    // Longest first, so a secret containing another is masked whole.
    for (const v of [...this.values].sort((a, b) => b.length - a.length)) {
      if (out.includes(v)) {
        this.count += out.split(v).length - 1;
        out = out.split(v).join(MASK);
      }
    }
    out = out.replace(URL_CREDS, (_m, scheme: string) => {
      this.count++;
      return `${scheme}${MASK}@`;
    });
    out = out.replace(NAME_EQUALS_VALUE, (m, name: string, value: string) => {
      if (!SECRET_NAME.test(name) || value === MASK || value === '' || value === '""') return m;
      this.count++;
      return `${name}=${MASK}`;
    });
    return out;
  }

  /** A JSON-able value with secret fields and registry auth removed, then every string through text(). */
  json<T>(v: T): T {
    const walk = (x: unknown, key: string | null): unknown => {
      if (typeof x === 'string') {
        if (key !== null && (REGISTRY_AUTH_KEYS.test(key) || (SECRET_NAME.test(key) && !/^(keys?|secretsCount)$/i.test(key)))) {
          if (x === '') return x;
          this.learn(x);
          this.count++;
          return MASK;
        }
        return this.text(x);
      }
      if (Array.isArray(x)) return x.map((y) => walk(y, null));
      if (x && typeof x === 'object') {
        const o = x as Record<string, unknown>;
        // {Name: "X_TOKEN", Value: "…"}: the value is the secret, whatever the key is called.
        const secretEntry = typeof o.Name === 'string' && SECRET_NAME.test(o.Name);
        const out: Record<string, unknown> = {};
        for (const [k, val] of Object.entries(o)) {
          if (REGISTRY_AUTH_KEYS.test(k) && val && typeof val === 'object') {
            this.count++;
            out[k] = MASK;
          } else if (secretEntry && /^value$/i.test(k) && typeof val === 'string' && val !== '') {
            this.learn(val);
            this.count++;
            out[k] = MASK;
          } else out[k] = walk(val, k);
        }
        return out;
      }
      return x;
    };
    return walk(v, null) as T;
  }
}
