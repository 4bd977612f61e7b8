import { describe, expect, it } from 'vitest';
import { MASK, Redactor } from './redact';

describe('Redactor', () => {
  it('masks values of secret-named env wherever they appear later, URL credentials and registry auth', () => {
    const r = new Redactor();
    r.learnEnv(['API_TOKEN=tok-123456', 'MODE=ok', { Name: 'ETCD_PASSWORD', Value: 'pw-abcdef' }]);
    const text = r.text('started with tok-123456; store etcd://root:hunter22@10.0.0.1:2379 host tcp://u:p4ss@1.2.3.4:2376 mode ok secret_key=zzz999');
    for (const s of ['tok-123456', 'hunter22', 'root:', 'p4ss', 'zzz999']) expect(text).not.toContain(s);
    expect(text).toContain('mode ok');
    expect(text).toContain(`etcd://${MASK}@10.0.0.1:2379`);
    const j = r.json({ Env: ['API_TOKEN=tok-123456', 'DEBUG=1'], auths: { 'reg.example': { auth: 'dXNlcjpwYXNz' } }, Config: { Env: [{ Name: 'SSH_KEY', Value: '-----BEGIN' }] }, password: 'x1y2z3' });
    const s = JSON.stringify(j);
    for (const secret of ['tok-123456', 'dXNlcjpwYXNz', '-----BEGIN', 'x1y2z3']) expect(s).not.toContain(secret);
    expect(s).toContain('DEBUG=1');
    // 4 in the text (value, two URLs, secret_key=) and 4 in the JSON (env string, auths, SSH_KEY value, password).
    expect(r.count).toBe(8);
  });
  it('leaves ordinary text and empty values alone', () => {
    const r = new Redactor();
    r.learnEnv(['TOKEN=', 'KEY=ab']);
    const t = 'plugin=abc level=info msg="ok" key_count=';
    expect(r.text(t)).toBe(t);
    expect(r.count).toBe(0);
  });
});
