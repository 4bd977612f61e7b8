/**
 * The model against the engine itself: each config text is POSTed with a tiny rootfs of its
 * own (one unique marker file; enable is never attempted) to `/plugins/create` on the tests'
 * dockerd. The model must report an error exactly when the engine refuses, and for accepted
 * configs its decoding must equal what `inspect` returns. Every plugin is removed right after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import tar from 'tar-stream';
import { Engine } from '../docker/engine';
import { testEngineHost, SKIP_REASON } from '../docker/testing/harness';
import { lintConfig } from './index';
import { ConfigService } from './service';
import { fromJs, mutate, opArb, type TNode } from './testing/mutate';
import { corpusDir } from './testing/paths';

const host = testEngineHost();
const RUNS = Number(process.env.PLUGSMITH_DIFF_RUNS ?? 220);

async function bundle(config: string, marker: string): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => {
    chunks.push(c as Buffer);
  });
  const done = new Promise<void>((r) => pack.on('end', () => r()));
  pack.entry({ name: 'config.json', mode: 0o644 }, Buffer.from(config, 'utf8'));
  pack.entry({ name: 'rootfs/', type: 'directory', mode: 0o755 });
  pack.entry({ name: 'rootfs/.plugsmith-marker', mode: 0o644 }, `${marker}\n`);
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

type Verdict = { accepted: true; config: Record<string, unknown> } | { accepted: false; message: string };

let seq = 0;
const runId = randomBytes(3).toString('hex');

async function engineVerdict(engine: Engine, text: string): Promise<Verdict> {
  const name = `plugsmith-diff/${runId}-${seq++}`;
  const body = await bundle(text, `${name} ${randomBytes(8).toString('hex')}`);
  try {
    await engine.request({ method: 'POST', path: '/plugins/create', query: { name }, file: Readable.from([body]), contentType: 'application/x-tar', timeoutMs: 30_000 });
  } catch (err) {
    const message = (err as Error).message;
    // Only a config refusal (or the decoder's panic dropping the connection) counts; anything else is the test bed failing.
    if (/failed to parse config|socket hang up|ECONNRESET|EOF/i.test(message)) return { accepted: false, message };
    throw err;
  }
  try {
    const inspected = await engine.request<{ Config: Record<string, unknown> }>({ method: 'GET', path: `/plugins/${encodeURIComponent(name)}:latest/json` });
    return { accepted: true, config: inspected.Config };
  } finally {
    await engine.request({ method: 'DELETE', path: `/plugins/${encodeURIComponent(name)}:latest`, query: { force: 1 } }).catch(() => undefined);
  }
}

/** Fields the engine writes itself at create, whatever the file said. */
function comparable(c: Record<string, unknown>): Record<string, unknown> {
  const { rootfs: _r, DockerVersion: _d, ...rest } = c;
  return rest;
}

const BASE = {
  description: 'diff base',
  documentation: 'https://example.invalid',
  entrypoint: ['/bin/plugin', '-v'],
  workdir: '/',
  interface: { socket: 'p.sock', types: ['docker.networkdriver/1.0'] },
  network: { type: 'host' },
  env: [
    { name: 'A', description: 'a', settable: ['value'], value: '1' },
    { name: 'B', value: null },
  ],
  mounts: [{ name: 'm', source: '/var/lib', destination: '/x', type: 'bind', options: ['rbind'], settable: ['source'] }],
  linux: { capabilities: ['CAP_NET_ADMIN'], allowAllDevices: false, devices: [{ name: 'd', path: '/dev/null' }] },
  args: { name: 'args', settable: ['value'], value: ['--x'] },
  propagatedMount: '',
  ipcHost: false,
  pidHost: false,
};

describe.skipIf(!host)('config model vs the engine (differential)', () => {
  let engine: Engine;
  const bases: TNode[] = [fromJs(BASE)];
  const tally = { accepted: 0, refused: 0 };

  beforeAll(async () => {
    engine = new Engine({ dockerHost: host!, env: {} });
    for (const f of readdirSync(corpusDir()).filter((x) => x.endsWith('.json'))) {
      try {
        bases.push(fromJs(JSON.parse(readFileSync(join(corpusDir(), f), 'utf8'))));
      } catch {
        // the invalid corpus files are covered by the corpus test; mutations start from valid ones
      }
    }
  });
  afterAll(() => {
    process.stdout.write(`differential: ${tally.accepted} accepted, ${tally.refused} refused by the engine\n`);
  });

  async function agree(text: string, label: string[]) {
    let report: ReturnType<typeof lintConfig>;
    try {
      report = lintConfig(text, { template: false });
    } catch (err) {
      throw new Error(`the model threw on ${JSON.stringify(text).slice(0, 300)}: ${(err as Error).stack}`);
    }
    const modelErrors = report.diagnostics.filter((d) => d.severity === 'error');
    const verdict = await engineVerdict(engine, text);
    if (verdict.accepted) tally.accepted++;
    else tally.refused++;
    const context = `ops: ${label.join('; ')}\ntext: ${text.slice(0, 600)}\nengine: ${verdict.accepted ? 'accepted' : verdict.message}\nmodel errors: ${modelErrors.map((d) => d.message).join(' | ')}`;
    expect(modelErrors.length > 0, context).toBe(!verdict.accepted);
    if (verdict.accepted) expect(comparable(report.decoded!), context).toEqual(comparable(verdict.config));
  }

  it('edge cases found by hand agree', async () => {
    const cases = [
      '{}',
      'null',
      '[]',
      '{} x',
      '\ufeff{}',
      '',
      '{"interface":{"types":["docker.networkdriver"]}}',
      '{"interface":{"types":["networkdriver/1.0"]}}',
      '{"interface":{"types":[""]}}',
      '{"interface":{"types":[null]}}',
      '{"interface":{"types":["/x"]}}',
      '{"interface":{"types":["docker.a/1.0"],"Types":["docker.b"]}}',
      '{"env":[{"name":"a","value":"1"},{"name":"b"},{"name":"c"}],"Env":[{"value":"2"}],"ENV":[{},{},{}]}',
      '{"entrypoint":["a","b"],"Entrypoint":[null]}',
      '{"user":{"uid":1e2}}',
      '{"user":{"uid":-0}}',
      '{"user":{"UID":5,"gid":4294967295}}',
      '{"description":"\\ud800"}',
      '{"ſettable":1,"env":[{"ſettable":["value"],"name":"X"}],"networ\u212a":{"type":"host"}}',
      '{"description":"a","Description":null}',
      '{"rootfs":{"type":"x"},"dockerversion":"1"}',
      '{"dockerversion":5}',
    ];
    for (const c of cases) await agree(c, ['fixed case']);
  });

  it('config:diff compares a draft with the installed plugin, settings apart', async () => {
    const name = `plugsmith-diff/${runId}-installed`;
    const installedText = JSON.stringify(BASE);
    await engine.request({ method: 'POST', path: '/plugins/create', query: { name }, file: Readable.from([await bundle(installedText, `${name} ${randomBytes(8).toString('hex')}`)]), contentType: 'application/x-tar', timeoutMs: 30_000 });
    try {
      await engine.request({ method: 'POST', path: `/plugins/${encodeURIComponent(name)}:latest/set`, body: ['A=changed'] });
      const service = new ConfigService({ engine: () => engine });
      const same = await service.diff({ text: installedText, name: `${name}:latest` });
      expect(same.entries.filter((e) => e.kind === 'added' || e.kind === 'removed' || e.kind === 'changed')).toEqual([]);
      expect(same.settings.env).toContain('A=changed');
      const draft = installedText.replace('"diff base"', '"edited"').replace('"mounts"', '"Mounts"').replace('"pidHost":false', '"pidHost":false,"mount":[]');
      const d = await service.diff({ text: draft, name: `${name}:latest` });
      expect(d.entries.filter((e) => e.kind === 'changed')).toEqual([{ pointer: '/Description', kind: 'changed', installed: 'diff base', draft: 'edited' }]);
      expect(d.entries.filter((e) => e.kind === 'ignored-key').map((e) => e.pointer)).toEqual(['/mount']);
      const casing = d.entries.filter((e) => e.kind === 'casing-only').map((e) => e.pointer);
      expect(casing).toContain('/entrypoint');
      expect(casing).not.toContain('/Mounts');
    } finally {
      await engine.request({ method: 'DELETE', path: `/plugins/${encodeURIComponent(name)}:latest`, query: { force: 1 } }).catch(() => undefined);
    }
  });

  it(`${RUNS} mutated configs agree`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(1000), fc.array(opArb, { minLength: 1, maxLength: 4 }), async (b, ops) => {
        const { text, label } = mutate(bases[b % bases.length], ops);
        await agree(text, label);
      }),
      { numRuns: RUNS, seed: process.env.PLUGSMITH_DIFF_SEED ? Number(process.env.PLUGSMITH_DIFF_SEED) : undefined, endOnFailure: true },
    );
  }, 400_000);
});

if (!host) describe('config model vs the engine (differential)', () => it.skip(SKIP_REASON, () => undefined));
