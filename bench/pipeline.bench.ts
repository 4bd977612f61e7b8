/**
 * Build → plugin create, three ways, same inputs, same engine, one run, alternating order:
 *   shell     — the seed's flow with the real docker CLI: `docker build` → `docker create` →
 *               `docker export > x.tar` → `tar -x` into rootfs/ → `docker plugin create DIR`;
 *   plugsmith — BuildService: build → export streamed, re-tarred on the fly → POST /plugins/create
 *               (the job's whole time, including removing its temporary container and image);
 *   floor     — the same `docker build`, then the engine ingesting a ready-made bundle tar from
 *               disk (POST /plugins/create of a file made before the round, not timed).
 * Inputs: the example plugin's project (node + libraries ≈ 100 MB of rootfs) and, unless
 * BENCH_SIZES=100, the same plus filler binaries to ≈ 270 MB (the real Contiv rootfs is ~272 MB).
 * Prints medians, plugsmith/floor and plugsmith/shell, and the temporary bytes each wrote to disk
 * (shell: its x.tar + rootfs/; plugsmith: this process's write_bytes from /proc/self/io, which
 * counts what it made the kernel write). Every flow removes its image, as the seed's script
 * does, so each build starts cold; the report says so. Nothing is asserted.
 *
 *   npm run bench -- pipeline        (BENCH_ROUNDS=3, BENCH_SIZES=100,270)
 */
import { execFile } from 'node:child_process';
import { copyFileSync, createReadStream, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, readdirSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { once } from 'node:events';
import { Engine } from '../electron/services/docker/engine';
import { removePluginQuietly } from '../electron/services/docker/testing/fixtures';
import { exampleProject, removeDir } from '../electron/services/build/testing/projects';
import { wireBuild } from '../electron/services/build/testing/wire';
import { PackWriter, retarUnderRootfs } from '../electron/services/build/tar-pack';
import type { BuildResult } from '../electron/ipc/types';
import { engineHost, median } from './lib';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SIZES = (process.env.BENCH_SIZES ?? '100,270').split(',').map(Number);

type Flow = 'shell' | 'plugsmith' | 'floor';

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { env: { ...process.env, ...env }, maxBuffer: 64 << 20 }, (e, out, err) => (e ? reject(new Error(`${cmd} ${args.join(' ')}: ${err || e.message}`)) : resolve(out.trim()))),
  );
}

function duBytes(p: string): number {
  const st = lstatSync(p);
  if (!st.isDirectory()) return st.size;
  return readdirSync(p).reduce((n, c) => n + duBytes(join(p, c)), 0);
}

function writeBytes(): number {
  const m = /write_bytes: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'));
  return m ? Number(m[1]) : NaN;
}

const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;

/** The example's project, plus copies of the node binary as filler up to `targetMb` of rootfs. */
function project(targetMb: number): { dir: string; rootfsBytes: number } {
  const dir = exampleProject(`bench ${randomUUID()}`);
  const ctx = join(dir, 'context');
  let bytes = duBytes(ctx);
  const node = join(ctx, 'usr/bin/node');
  mkdirSync(join(ctx, 'filler'), { recursive: true });
  for (let i = 0; bytes + statSync(node).size / 2 < targetMb * 1e6; i++) {
    copyFileSync(node, join(ctx, 'filler', `node-${i}`));
    bytes += statSync(node).size;
  }
  return { dir, rootfsBytes: bytes };
}

async function main(): Promise<void> {
  const { host, stop } = await engineHost();
  const engine = new Engine({ dockerHost: host, env: {} });
  const w = wireBuild(host);
  const cli = (...args: string[]) => run('docker', ['-H', host, ...args], { DOCKER_BUILDKIT: '0' });
  const ver = await engine.request<{ Version: string }>({ method: 'GET', path: '/version' });
  console.log(`engine ${ver.Version} at ${host}; ${ROUNDS} rounds per size, order rotated each round`);

  for (const size of SIZES) {
    const { dir, rootfsBytes } = project(size);
    const ctx = join(dir, 'context');
    const times: Record<Flow, number[]> = { shell: [], plugsmith: [], floor: [] };
    const stagesMs: string[] = [];
    const temp: Record<Flow, number[]> = { shell: [], plugsmith: [], floor: [] };
    const work = mkdtempSync('/tmp/psb-work-');

    // The floor's ready-made bundle: config.json + rootfs/ from one export, written once, not timed.
    const bundle = join(work, 'bundle.tar');
    {
      await cli('build', '-q', '-t', 'psb-floor-src:1', '-f', join(dir, 'Dockerfile'), ctx);
      const id = await cli('create', 'psb-floor-src:1', '/x');
      const exp = await engine.request<IncomingMessage>({ method: 'GET', path: `/containers/${id}/export`, stream: true });
      const pw = new PackWriter();
      const out = createWriteStream(bundle);
      pw.out.pipe(out);
      await pw.add({ name: 'config.json', mode: 0o644 }, readFileSync(join(dir, 'config.json')));
      await pw.add({ name: 'rootfs/', type: 'directory', mode: 0o755 });
      await retarUnderRootfs(pw, exp);
      pw.finalize();
      await once(out, 'finish');
      await cli('rm', id);
      await cli('rmi', 'psb-floor-src:1');
    }

    const flows: Record<Flow, (name: string) => Promise<number>> = {
      shell: async (name) => {
        const t = mkdtempSync(join(work, 'shell-'));
        await cli('build', '-q', '-t', 'psb-shell:1', '-f', join(dir, 'Dockerfile'), ctx);
        const id = await cli('create', 'psb-shell:1', '/x');
        await cli('export', '-o', join(t, 'x.tar'), id);
        mkdirSync(join(t, 'plugin', 'rootfs'), { recursive: true });
        await run('tar', ['-x', '-f', join(t, 'x.tar'), '-C', join(t, 'plugin', 'rootfs')]);
        copyFileSync(join(dir, 'config.json'), join(t, 'plugin', 'config.json'));
        await cli('plugin', 'create', name, join(t, 'plugin'));
        const bytes = duBytes(t);
        await cli('rm', id);
        await cli('rmi', 'psb-shell:1');
        rmSync(t, { recursive: true, force: true });
        return bytes;
      },
      plugsmith: async (name) => {
        const before = writeBytes();
        const { job } = await w.run(w.build.start({ dir, name }));
        if (job.state !== 'succeeded') throw new Error(`plugsmith: ${job.error?.message}`);
        const st = (job.result as BuildResult).stages;
        stagesMs.push(`build ${((st.find((x) => x.stage === 'build')?.ms ?? 0) / 1000).toFixed(1)} s + create ${((st.find((x) => x.stage === 'create')?.ms ?? 0) / 1000).toFixed(1)} s`);
        return writeBytes() - before;
      },
      floor: async (name) => {
        await cli('build', '-q', '-t', 'psb-floor:1', '-f', join(dir, 'Dockerfile'), ctx);
        await engine.request({ method: 'POST', path: '/plugins/create', query: { name }, file: createReadStream(bundle), contentType: 'application/x-tar', timeoutMs: 600_000 });
        await cli('rmi', 'psb-floor:1');
        return 0;
      },
    };

    const order: Flow[] = ['shell', 'plugsmith', 'floor'];
    for (let r = 0; r < ROUNDS; r++) {
      const rot = order.map((_, i) => order[(i + r) % order.length]);
      for (const f of rot) {
        const name = `plugsmith-bench/pipeline-${f}:${size}`;
        await removePluginQuietly(engine, name);
        const t0 = performance.now();
        const bytes = await flows[f](name);
        times[f].push(performance.now() - t0);
        temp[f].push(bytes);
        // Removed between rounds: the engine refuses a second plugin with an identical rootfs layer.
        await removePluginQuietly(engine, name);
      }
      process.stdout.write(`  ${size} MB round ${r + 1}: ${rot.map((f) => `${f} ${(times[f].at(-1)! / 1000).toFixed(2)} s`).join(', ')}  (plugsmith: ${stagesMs.at(-1)}, the rest is removing its container and image)\n`);
    }
    const s = median(times.shell);
    const p = median(times.plugsmith);
    const fl = median(times.floor);
    console.log(`  load average while measuring: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores`);
    console.log(`\n== rootfs ≈ ${mb(rootfsBytes)} (bundle ${mb(statSync(bundle).size)}), build cache: cold (every flow removes its image, as the seed's script does)`);
    console.log(`  shell     median ${(s / 1000).toFixed(2)} s   temporary bytes on disk: ${mb(median(temp.shell))} (x.tar + rootfs/)`);
    console.log(`  plugsmith median ${(p / 1000).toFixed(2)} s   temporary bytes on disk: ${Math.max(...temp.plugsmith)} bytes at most (this process's write_bytes)`);
    console.log(`  floor     median ${(fl / 1000).toFixed(2)} s   (ready-made bundle on disk, made before the rounds)`);
    console.log(`  plugsmith / floor = ${(p / fl).toFixed(2)}×   plugsmith / shell = ${(p / s).toFixed(2)}×   floor / shell = ${(fl / s).toFixed(2)}×`);
    removeDir(dir);
    rmSync(work, { recursive: true, force: true });
  }
  w.build.janitor.stop();
  await stop();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
