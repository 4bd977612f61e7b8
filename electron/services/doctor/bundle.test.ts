/**
 * The bundle preview is what Save writes: entries collected by the real collectBundle (its engine
 * unreachable here, so every engine part is the error it met — the integration test has the
 * engine), previewed, then written from the preview's id and read back from the .tar.gz. Planted
 * secrets (credentials in DOCKER_HOST, a secret-named env value echoed in a log) are masked in the
 * preview exactly as in the file. Also: an expired preview is refused with a clear error, and a
 * failed write leaves nothing under the user's name.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../docker/engine';
import type { DoctorReport } from '../../ipc/types';
import { BundlePreviews } from './bundle-preview';
import { collectBundle, previewBundle, writeBundle, type BundleEntry } from './bundle';
import type { DoctorOptions } from './facts';
import { MASK } from './redact';
import { readTarGz as extract } from './testing/tar-gz';

const root = mkdtempSync(join(tmpdir(), 'psd-bundle-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const PLANTED = { dockerPassword: 'dockerpw-PLANTED-0a1b', envToken: 'envtok-PLANTED-2c3d' };

const report: DoctorReport = {
  verdict: { status: 'failing', causes: [{ check: 'engine', status: 'fail', consequences: [] }] },
  checks: [{ id: 'engine', title: 'Engine', group: 'engine', status: 'fail', evidence: [`tcp://ops:${PLANTED.dockerPassword}@10.0.0.9:2376 refused`], why: 'w', fix: 'f', ms: 1 }],
  host: 'unix:///nowhere',
  plugin: null,
  startedAt: new Date(0).toISOString(),
  ms: 1,
};

function options(): DoctorOptions {
  // A socket nobody listens on: every engine read fails fast and is recorded as its error.
  return { engine: new Engine({ dockerHost: `unix://${join(root, 'no-engine.sock')}`, env: {} }), plugin: null, netmaster: null, checkTimeoutMs: 1_000 };
}

describe('bundle preview = bundle written', () => {
  it('lists every file with its size and redacted text, and Save writes exactly those bytes', async () => {
    const env = { DOCKER_HOST: `tcp://ops:${PLANTED.dockerPassword}@10.0.0.9:2376`, PLUGSMITH_API_TOKEN: PLANTED.envToken };
    const previews = new BundlePreviews({ options, env, run: async () => report });
    const p = await previews.preview();
    expect(p.id).toMatch(/^bp-[0-9a-f]{16}$/);
    const names = p.files.map((f) => f.name);
    for (const n of ['meta.json', 'engine/version.json', 'engine/info.json', 'plugins/inspect.json', 'doctor/report.json', 'doctor/report.md', 'ovs/state.json', 'host/ip-addr.txt', 'netmaster/inspect.json']) {
      expect(names).toContain(`plugsmith-doctor/${n}`);
    }
    // The engine's failure is recorded, not hidden.
    expect(p.files.find((f) => f.name.endsWith('engine/info.json'))!.text).toMatch(/error/);
    // The report leads with the verdict, in both forms (issue 10).
    const md = p.files.find((f) => f.name.endsWith('doctor/report.md'))!.text;
    expect(md.indexOf('## Verdict: failing')).toBeGreaterThan(0);
    expect(md.indexOf('## Verdict')).toBeLessThan(md.indexOf('## ✘'));
    expect(Object.keys(JSON.parse(p.files.find((f) => f.name.endsWith('doctor/report.json'))!.text))[0]).toBe('verdict');
    const previewText = p.files.map((f) => f.text).join('\n');
    expect(previewText).not.toContain(PLANTED.dockerPassword);
    expect(previewText).toContain(MASK);
    expect(p.redactions).toBeGreaterThanOrEqual(2);

    const out = join(root, 'saved.tar.gz');
    const saved = await previews.save(out, p.id);
    expect(saved).toMatchObject({ path: out, redactions: p.redactions });
    const files = await extract(out);
    expect(Object.keys(files)).toEqual(names);
    for (const f of p.files) {
      expect(files[f.name].length, f.name).toBe(f.bytes);
      expect(f.truncated).toBe(false);
      expect(files[f.name].toString('utf8'), f.name).toBe(f.text);
    }
    expect(p.totalBytes).toBe(Object.values(files).reduce((n, b) => n + b.length, 0));
    // No temp file left beside it.
    expect(readdirSync(root).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('a secret learnt from one part is masked in every other, in the preview as in the file', async () => {
    const entries: BundleEntry[] = [{ name: 'a.txt', text: `token ${MASK}` }, { name: 'logs/x.log', text: 'x'.repeat(40_000) }];
    const files = previewBundle(entries, 1_000);
    expect(files[1]).toMatchObject({ name: 'plugsmith-doctor/logs/x.log', bytes: 40_000, truncated: true });
    expect(files[1].text).toHaveLength(1_000);
    // Collected for real: the env value of a secret-named variable, echoed in the report, never survives.
    const echoed: DoctorReport = { ...report, checks: [{ ...report.checks[0], evidence: [`the plugin printed ${PLANTED.envToken}`] }] };
    const { entries: real } = await collectBundle(options(), echoed, { PLUGSMITH_API_TOKEN: PLANTED.envToken });
    const all = previewBundle(real).map((f) => f.text).join('\n');
    expect(all).not.toContain(PLANTED.envToken);
    const out = join(root, 'echo.tar.gz');
    await writeBundle(out, real);
    const written = Object.values(await extract(out)).map((b) => b.toString('utf8')).join('\n');
    expect(written).not.toContain(PLANTED.envToken);
    expect(written).toContain('the plugin printed');
  });

  it('an expired or unknown preview is refused, and nothing is written', async () => {
    let now = 1_000_000;
    const previews = new BundlePreviews({ options, run: async () => report, now: () => now, ttlMs: 60_000 });
    const p = previews.hold([{ name: 'a.txt', text: 'a\n' }], 0);
    now += 61_000;
    const out = join(root, 'late.tar.gz');
    await expect(previews.save(out, p.id)).rejects.toMatchObject({ code: 'doctor/preview-expired' });
    expect(existsSync(out)).toBe(false);
    // Bounded: only the newest `keep` previews are held.
    const few = new BundlePreviews({ options, keep: 2 });
    const ids = [1, 2, 3].map((i) => few.hold([{ name: `${i}.txt`, text: `${i}` }], 0).id);
    await expect(few.save(join(root, 'first.tar.gz'), ids[0])).rejects.toMatchObject({ code: 'doctor/preview-expired' });
    await expect(few.save(join(root, 'third.tar.gz'), ids[2])).resolves.toMatchObject({ bytes: expect.any(Number) });
  });

  it('a write that fails says where, and leaves neither the file nor a temp file', async () => {
    const dir = join(root, 'ro');
    mkdirSync(dir);
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, '');
    await expect(writeBundle(join(blocker, 'b.tar.gz'), [{ name: 'a', text: 'a' }])).rejects.toMatchObject({ code: 'doctor/bundle-write', message: expect.stringContaining(join(blocker, 'b.tar.gz')) });
    expect(readdirSync(dir)).toEqual(['not-a-dir']);
  });
});
