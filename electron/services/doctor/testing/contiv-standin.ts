/**
 * The Contiv-shaped stand-in plugin for the doctor's integration tests: the example network driver
 * behind a real shell start script (startcontiv-2019.sh / startcontiv-2017.sh, run by Debian's static
 * busybox copied into the rootfs, as Contiv's own /startcontiv.sh is), Contiv's socket name
 * (netplugin.sock), the env names of the 2019 (or 2017) layout, and Contiv's log folder bind-mounted
 * from a host folder the test owns — so each failure of REAL-FAILURES.md happens for real, lands where
 * Contiv writes it, and the doctor reads the very script from the plugin's rootfs.
 * Packed like the spine's fixtures (uncompressed tar straight to POST /plugins/create). Test only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import tar from 'tar-stream';
import type { Engine } from '../../docker/engine';
import { packNodeRootfs } from '../../docker/testing/fixtures';

const here = dirname(fileURLToPath(import.meta.url));

/** Debian's busybox-static (scripts/setup/install-test-deps.sh installs it): the stand-in's /bin/sh. */
export const BUSYBOX = '/bin/busybox';
/** The applets the start scripts call, as links to busybox in the rootfs's /bin. */
const APPLETS = ['sh', 'env', 'grep', 'mkdir', 'date', 'uname', 'nc', 'printf', 'cat', 'echo', 'modprobe'];

/** Why the stand-in cannot be built on this host, or null. */
export function standinSkipReason(): string | null {
  return existsSync(BUSYBOX) ? null : `${BUSYBOX} missing: install Debian's busybox-static (scripts/setup/install-test-deps.sh)`;
}

export interface StandinOptions {
  name: string;
  /** Which config layout and which start script (the script follows the layout unless `script` says otherwise). */
  layout?: '2019' | '2017';
  /** The start script packed as /startcontiv.sh; default: the layout's. */
  script?: '2019' | '2017';
  /** Rename the 2019 script's CONTIV_ prefix (the doctor's finding must follow: proof it reads the rootfs). */
  scriptPrefix?: string;
  /** The script checks for the openvswitch module first (default); false = "start script without modprobe". */
  checkModule?: boolean;
  /** Host folder bind-mounted at /var/log/contiv. */
  logDir: string;
  /** Env values (either layout's names, or any other name: declared settable). */
  env?: Record<string, string>;
  /** Extra bind mounts ({source, destination}). */
  mounts?: { source: string; destination: string }[];
}

const ENV_2019 = ['CONTIV_ROLE', 'CONTIV_LOG_DIR', 'CONTIV_NETPLUGIN_ETCD_ENDPOINTS', 'CONTIV_NETMASTER_PLUGIN_NAME', 'CONTIV_NETMASTER_EXTERNAL_ADDRESS', 'CONTIV_NETPLUGIN_VTEP_IP', 'CONTIV_NETPLUGIN_CONTROL_IP', 'CONTIV_NETPLUGIN_VLAN_UPLINKS'];
const ENV_2017 = ['plugin_role', 'log_dir', 'cluster_store', 'plugin_name', 'listen_url', 'vtep_ip', 'ctrl_ip', 'iflist'];
const DEFAULTS: Record<string, string> = {
  CONTIV_ROLE: 'netplugin', CONTIV_LOG_DIR: '/var/log/contiv', CONTIV_NETPLUGIN_ETCD_ENDPOINTS: 'http://127.0.0.1:2379', CONTIV_NETMASTER_PLUGIN_NAME: 'contiv/v2plugin:latest',
  CONTIV_NETMASTER_EXTERNAL_ADDRESS: '0.0.0.0:9999', plugin_role: 'master', log_dir: '/var/log/contiv', cluster_store: 'etcd://127.0.0.1:2379', plugin_name: 'contiv/v2plugin:latest', listen_url: '127.0.0.1:9999',
};

export function standinConfig(opts: StandinOptions): Record<string, unknown> {
  const layout = opts.layout ?? '2019';
  const names = [...(layout === '2019' ? ENV_2019 : ENV_2017)];
  const values: Record<string, string> = { ...DEFAULTS, ...opts.env };
  for (const k of Object.keys(opts.env ?? {})) if (!names.includes(k)) names.push(k);
  return {
    description: `Plugsmith doctor test: Contiv-shaped stand-in (${layout} layout)`,
    documentation: 'https://github.com/contiv/netplugin',
    entrypoint: ['/startcontiv.sh'],
    workdir: '/',
    network: { type: 'host' },
    interface: { types: ['docker.networkdriver/1.0'], socket: 'netplugin.sock' },
    env: names.map((n) => ({ name: n, description: n, settable: ['value'], value: values[n] ?? '' })),
    mounts: [
      { type: 'bind', options: ['rbind'], source: opts.logDir, destination: '/var/log/contiv' },
      ...(opts.mounts ?? []).map((m) => ({ type: 'bind', options: ['rbind'], source: m.source, destination: m.destination })),
    ],
  };
}

/** The start script's text as packed: the layout's file, its prefix renamed, its module check on or off. */
export function standinScript(opts: Pick<StandinOptions, 'layout' | 'script' | 'scriptPrefix' | 'checkModule'>): string {
  const which = opts.script ?? opts.layout ?? '2019';
  let text = readFileSync(join(here, `startcontiv-${which}.sh`), 'utf8');
  if (opts.checkModule === false) text = text.replace(/^# module-check: begin[^]*?^# module-check: end\n/m, '');
  if (opts.scriptPrefix) text = text.replaceAll('CONTIV_', opts.scriptPrefix);
  return text;
}

/**
 * The node script's switch, STANDIN_SKIP_MODPROBE=1, as the shell script's option (tests written for
 * it keep working): the script is baked with or without its module check, and the name is not passed.
 */
function legacy(opts: StandinOptions): StandinOptions {
  const { STANDIN_SKIP_MODPROBE: skipModprobe, STANDIN_SCRIPT: _script, ...env } = opts.env ?? {};
  if (skipModprobe === undefined && _script === undefined) return opts;
  return { ...opts, env, ...(skipModprobe === '1' && opts.checkModule === undefined ? { checkModule: false } : {}) };
}

export async function createStandin(engine: Engine, given: StandinOptions): Promise<string> {
  const opts = legacy(given);
  const pack = tar.pack();
  const mtime = new Date();
  const add = (name: string, body: string | Buffer, mode = 0o644) =>
    new Promise<void>((resolve, reject) => pack.entry({ name, mode, mtime, uid: 0, gid: 0 }, body, (err) => (err ? reject(err) : resolve())));
  const addFile = (name: string, src: string, mode: number) => add(name, readFileSync(src), mode);
  const link = (name: string, target: string) =>
    new Promise<void>((resolve, reject) => pack.entry({ name, type: 'symlink', linkname: target, mode: 0o777, mtime, uid: 0, gid: 0 }, (err) => (err ? reject(err) : resolve())));
  void (async () => {
    await add('config.json', JSON.stringify(standinConfig(opts), null, 2));
    await packNodeRootfs(pack, 'rootfs/', mtime);
    await add('rootfs/startcontiv.sh', standinScript(opts), 0o755);
    await new Promise<void>((resolve, reject) => pack.entry({ name: 'rootfs/bin/', type: 'directory', mode: 0o755, mtime, uid: 0, gid: 0 }, (err) => (err ? reject(err) : resolve())));
    await addFile('rootfs/bin/busybox', BUSYBOX, 0o755);
    for (const a of APPLETS) await link(`rootfs/bin/${a}`, 'busybox');
    // Unique per plugin: the engine refuses a rootfs layer identical to another plugin's.
    await add('rootfs/.plugsmith-marker', `doctor stand-in ${opts.name} ${randomUUID()}\n`);
    pack.finalize();
  })().catch((err: Error) => pack.destroy(err));
  const body = new PassThrough();
  pack.on('error', (err: Error) => body.destroy(err));
  pack.pipe(body);
  await engine.request({ method: 'POST', path: '/plugins/create', query: { name: opts.name }, file: body, contentType: 'application/x-tar', timeoutMs: 120_000 });
  return opts.name.includes(':') ? opts.name : `${opts.name}:latest`;
}
