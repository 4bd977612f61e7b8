#!/usr/bin/env node
/**
 * A private Open vSwitch for tests: ovsdb-server + ovs-vswitchd from Debian's
 * openvswitch-switch, with their database, sockets, pidfiles and logs under one short
 * folder (OVS_RUNDIR/OVS_DBDIR/OVS_LOGDIR point there), so nothing touches the system's
 * /var/run/openvswitch, and stopped by pid. Plain ESM like dockerd.mjs.
 *
 *   import { startOvs, makeContivShape } from './scripts/test-env/ovs.mjs'
 *   const ovs = await startOvs();  await makeContivShape(ovs.dbSock, { netns: ovs.netns });  … await ovs.stop();
 *
 *   node scripts/test-env/ovs.mjs start [dir] [--contiv]  → prints JSON, leaves it running
 *   node scripts/test-env/ovs.mjs stop <dir> [--remove]
 *
 * Why a network namespace: ovs-vswitchd creates the kernel-side device of every internal
 * port (contivh0) in its own namespace. It runs inside one the test makes, so contivh0 and
 * its 172.19.255.254/16 never appear on the host (172.19.0.0/16 may be a real network).
 * Why both processes stay in the foreground (no --detach): we hold their pids from the
 * spawn, and a crash during start-up is seen as an exit, not a pidfile that never comes.
 * Why netdev: this host has no openvswitch kernel module; the userspace datapath needs none.
 */
import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { resolve, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive, isExecutable, killAndWait as killPid, logTail, runIfMain } from './proc.mjs';

const SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema';
/** Where Debian's packages put each tool (openvswitch-common: tool, client, ofctl; openvswitch-switch: the rest). */
const BINARIES = {
  ovsdbTool: ['/usr/bin/ovsdb-tool', 'openvswitch-common'],
  ovsdbServer: ['/usr/sbin/ovsdb-server', 'openvswitch-common'],
  ovsVswitchd: ['/usr/sbin/ovs-vswitchd', 'openvswitch-switch'],
  ovsVsctl: ['/usr/bin/ovs-vsctl', 'openvswitch-switch'],
  ovsOfctl: ['/usr/bin/ovs-ofctl', 'openvswitch-common'],
  ip: ['/usr/sbin/ip', 'iproute2'],
};
/** The longest socket we make is <dir>/contivVxlanBridge.mgmt; unix socket paths stop at 107 bytes. */
const MAX_SOCKET_PATH = 100;
const LONGEST_SOCKET_NAME = 'contivVxlanBridge.snoop';

/** What is missing to run OVS here, as `path (package)` strings; [] when everything is there. */
function missingOvs() {
  const missing = Object.values(BINARIES).filter(([p]) => !isExecutable(p)).map(([p, pkg]) => `${p} (${pkg})`);
  if (!existsSync(SCHEMA)) missing.push(`${SCHEMA} (openvswitch-common)`);
  return missing;
}

/** Why OVS tests cannot run here, or null when they can. */
export function ovsSkipReason() {
  if (process.getuid && process.getuid() !== 0) return 'needs root (network namespaces, ovs-vswitchd devices)';
  const m = missingOvs();
  return m.length ? `Open vSwitch not installed: missing ${m.join(', ')}` : null;
}

function pathsFor(dir) {
  const abs = resolve(dir);
  return {
    dir: abs,
    db: join(abs, 'conf.db'),
    dbSock: join(abs, 'db.sock'),
    serverPid: join(abs, 'ovsdb-server.pid'),
    serverCtl: join(abs, 'ovsdb-server.ctl'),
    serverLog: join(abs, 'ovsdb-server.log'),
    switchPid: join(abs, 'ovs-vswitchd.pid'),
    switchCtl: join(abs, 'ovs-vswitchd.ctl'),
    switchLog: join(abs, 'ovs-vswitchd.log'),
    netnsFile: join(abs, 'netns'),
  };
}

function envFor(p) {
  return { ...process.env, OVS_RUNDIR: p.dir, OVS_DBDIR: p.dir, OVS_LOGDIR: p.dir };
}

/** execFile with an argv array and a bound; resolves {stdout, stderr}, rejects with both in the message. */
function run(bin, args, { env, timeoutMs = 15_000 } = {}) {
  return new Promise((res, rej) => {
    execFile(bin, args, { env, timeout: timeoutMs, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      if (err) rej(new Error(`${bin} ${args.join(' ')} failed: ${err.message.trim()}${stderr ? `\n${String(stderr).trim()}` : ''}`));
      else res({ stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Only ever signal a pid whose command line names our folder: a recycled pid is someone else's. */
function isOurs(pid, dir) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`${dir}/`);
  } catch {
    return false;
  }
}

/** Stops one of our OVS daemons by pid; a recycled pid that is not ours is left alone. */
function killAndWait(pid, dir, graceMs = 5_000) {
  return killPid(pid, { graceMs, pollMs: 50, owned: (p) => isOurs(p, dir) });
}

/** Spawns in the foreground of its own process group, output to a file; resolves once the process is running. */
async function spawnLogged(bin, args, { env, out }) {
  const fd = openSync(out, 'a');
  const child = spawn(bin, args, { env, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const state = { exited: null };
  child.on('exit', (code, signal) => (state.exited = { code, signal }));
  const early = await Promise.race([new Promise((r) => child.once('error', r)), sleep(30).then(() => null)]);
  if (early) throw new Error(`cannot start ${bin}: ${early.message}`);
  child.unref();
  return { pid: child.pid, state };
}

function canConnect(path) {
  return new Promise((res) => {
    const sock = connect({ path });
    sock.once('connect', () => {
      sock.destroy();
      res(true);
    });
    sock.once('error', () => res(false));
  });
}

async function startServer(p, env) {
  if (existsSync(p.dbSock)) unlinkSync(p.dbSock); // a socket left by a killed server would look alive to existsSync
  const { pid, state } = await spawnLogged(
    BINARIES.ovsdbServer[0],
    [
      p.db,
      `--remote=punix:${p.dbSock}`,
      // Manager rows become live listeners (makeContivShape only ever sets loopback ones).
      '--remote=db:Open_vSwitch,Open_vSwitch,manager_options',
      `--pidfile=${p.serverPid}`,
      `--unixctl=${p.serverCtl}`,
      `--log-file=${p.serverLog}`,
    ],
    { env, out: join(p.dir, 'ovsdb-server.out') },
  );
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && state.exited === null) {
    // The file appears at bind(), before listen(): only a connection proves it serves.
    if (existsSync(p.dbSock) && (await canConnect(p.dbSock))) return pid;
    await sleep(20);
  }
  if (isAlive(pid)) await killAndWait(pid, p.dir);
  throw new Error(`ovsdb-server did not create ${p.dbSock}${state.exited ? ` (exit ${state.exited.code ?? state.exited.signal})` : ''}\n${logTail(p.serverLog, 20)}`);
}

async function startSwitch(p, env, netns) {
  const bin = BINARIES.ovsVswitchd[0];
  const args = [`unix:${p.dbSock}`, `--pidfile=${p.switchPid}`, `--unixctl=${p.switchCtl}`, `--log-file=${p.switchLog}`];
  // `ip netns exec` setns()es and then execs the command in place, so the pid we get is vswitchd's.
  const { pid, state } = netns
    ? await spawnLogged(BINARIES.ip[0], ['netns', 'exec', netns, bin, ...args], { env, out: join(p.dir, 'ovs-vswitchd.out') })
    : await spawnLogged(bin, args, { env, out: join(p.dir, 'ovs-vswitchd.out') });
  // Ready = it has applied the database: ovs-vsctl (without --no-wait) returns only once
  // ovs-vswitchd copies next_cfg into cur_cfg. The value marks this database as a test's.
  try {
    await run(BINARIES.ovsVsctl[0], [`--db=unix:${p.dbSock}`, '--timeout=15', 'set', 'Open_vSwitch', '.', `external_ids:plugsmith-test=${p.dir}`], { env, timeoutMs: 20_000 });
  } catch (err) {
    if (isAlive(pid)) await killAndWait(pid, p.dir);
    throw new Error(`ovs-vswitchd did not come up${state.exited ? ` (exit ${state.exited.code ?? state.exited.signal})` : ''}: ${err.message}\n${logTail(p.switchLog, 20)}`);
  }
  return pid;
}

/**
 * ovs_version and db_version are not written by the daemons but by the init script
 * (ovs-ctl's `set Open_vSwitch . ovs-version=… db-version=…`); a host started by systemd has
 * them, so the test OVS sets them the same way, from the installed binaries.
 */
async function versionColumns(env) {
  const ovsVersion = (await run(BINARIES.ovsVswitchd[0], ['--version'], { env })).stdout.match(/\(Open vSwitch\) (\S+)/)?.[1];
  const dbVersion = (await run(BINARIES.ovsdbTool[0], ['schema-version', SCHEMA], { env })).stdout.trim();
  return [...(ovsVersion ? [`ovs_version=${JSON.stringify(ovsVersion)}`] : []), ...(dbVersion ? [`db_version=${JSON.stringify(dbVersion)}`] : [])];
}

export async function startOvs({ dir, netns = true } = {}) {
  const skip = ovsSkipReason();
  if (skip) throw new Error(`startOvs: ${skip}`);
  const t0 = Date.now();
  const base = dir ?? mkdtempSync('/tmp/pso-');
  const p = pathsFor(base);
  const longest = Buffer.byteLength(join(p.dir, LONGEST_SOCKET_NAME));
  if (longest > MAX_SOCKET_PATH) throw new Error(`${p.dir} is too long for OVS's sockets (${longest} > ${MAX_SOCKET_PATH} bytes): use a short folder such as /tmp/pso-XXXX`);
  mkdirSync(p.dir, { recursive: true });
  chmodSync(p.dir, 0o711);
  for (const f of [p.serverPid, p.switchPid]) {
    const old = existsSync(f) ? Number(readFileSync(f, 'utf8').trim()) : 0;
    if (old && isAlive(old) && isOurs(old, p.dir)) throw new Error(`an OVS process (pid ${old}) already runs on ${p.dir}; stop it first`);
  }
  const env = envFor(p);
  const ms = {};
  let t = Date.now();
  if (!existsSync(p.db)) await run(BINARIES.ovsdbTool[0], ['create', p.db, SCHEMA], { env });
  ms.createDb = Date.now() - t;

  let ns = null;
  if (netns) {
    ns = `plugsmith-ovs-${randomBytes(4).toString('hex')}`;
    await run(BINARIES.ip[0], ['netns', 'add', ns]);
    writeFileSync(p.netnsFile, `${ns}\n`);
    await run(BINARIES.ip[0], ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
  }
  const pids = { ovsdbServer: 0, ovsVswitchd: 0 };
  const cleanupOnFailure = async () => {
    await killAndWait(pids.ovsVswitchd, p.dir);
    await killAndWait(pids.ovsdbServer, p.dir);
    if (ns) await run(BINARIES.ip[0], ['netns', 'del', ns]).catch(() => undefined);
  };
  try {
    t = Date.now();
    pids.ovsdbServer = await startServer(p, env);
    const versions = await versionColumns(env);
    const setVersions = versions.length ? ['--', 'set', 'Open_vSwitch', '.', ...versions] : [];
    await run(BINARIES.ovsVsctl[0], [`--db=unix:${p.dbSock}`, '--no-wait', '--timeout=10', 'init', ...setVersions], { env });
    ms.ovsdbServer = Date.now() - t;
    t = Date.now();
    pids.ovsVswitchd = await startSwitch(p, env, ns);
    ms.ovsVswitchd = Date.now() - t;
  } catch (err) {
    await cleanupOnFailure();
    throw err;
  }
  ms.total = Date.now() - t0;

  const handle = {
    dir: p.dir,
    dbSock: p.dbSock,
    db: `unix:${p.dbSock}`,
    /** Where ovs-vswitchd keeps <bridge>.mgmt: pass as OVS_RUNDIR to ovs-ofctl (dumpFlows' rundir). */
    rundir: p.dir,
    netns: ns,
    pids,
    logs: { ovsdbServer: p.serverLog, ovsVswitchd: p.switchLog },
    env,
    ms,
    /** ovs-vsctl against this database (waits for vswitchd unless --no-wait is given). */
    vsctl: (args, opts = {}) => run(BINARIES.ovsVsctl[0], [`--db=unix:${p.dbSock}`, '--timeout=10', ...args], { env, ...opts }),
    /** A command inside the namespace ovs-vswitchd runs in (where contivh0 lives). */
    inNetns: (argv) => (ns ? run(BINARIES.ip[0], ['netns', 'exec', ns, ...argv], { env }) : run(argv[0], argv.slice(1), { env })),
    /** Stops ovsdb-server alone (ovs-vswitchd keeps running and retries): "OVS database down". */
    stopDb: async () => {
      const how = await killAndWait(pids.ovsdbServer, p.dir);
      pids.ovsdbServer = 0;
      return how;
    },
    /** Starts ovsdb-server again on the same database. */
    startDb: async () => {
      if (pids.ovsdbServer && isAlive(pids.ovsdbServer) && (await canConnect(p.dbSock))) return pids.ovsdbServer;
      // A server killed from outside may still be exiting (its socket already closed): wait it out.
      await killAndWait(pids.ovsdbServer, p.dir);
      pids.ovsdbServer = await startServer(p, env);
      return pids.ovsdbServer;
    },
    stopSwitch: async () => {
      const how = await killAndWait(pids.ovsVswitchd, p.dir);
      pids.ovsVswitchd = 0;
      return how;
    },
    startSwitch: async () => {
      if (pids.ovsVswitchd && isAlive(pids.ovsVswitchd)) return pids.ovsVswitchd;
      pids.ovsVswitchd = await startSwitch(p, env, ns);
      return pids.ovsVswitchd;
    },
    stop: async ({ remove = true } = {}) => stopAll(p, pids, ns, remove),
  };
  return handle;
}

async function stopAll(p, pids, ns, remove) {
  // vswitchd first: it removes its devices and closes its OpenFlow sockets while the database is still there.
  const vswitchd = await killAndWait(pids.ovsVswitchd, p.dir);
  const server = await killAndWait(pids.ovsdbServer, p.dir);
  let netnsDeleted = false;
  if (ns) {
    try {
      await run(BINARIES.ip[0], ['netns', 'del', ns]);
      netnsDeleted = true;
    } catch {
      netnsDeleted = false; // already gone
    }
  }
  if (remove) rmSync(p.dir, { recursive: true, force: true });
  return { vswitchd, server, netns: ns, netnsDeleted, removedDir: remove };
}

/** For the CLI form: stop what a previous `start` left running, from its pidfiles. */
export async function stopOvs({ dir, remove = false }) {
  const p = pathsFor(dir);
  const read = (f) => (existsSync(f) ? Number(readFileSync(f, 'utf8').trim()) || 0 : 0);
  const ns = existsSync(p.netnsFile) ? readFileSync(p.netnsFile, 'utf8').trim() || null : null;
  return stopAll(p, { ovsdbServer: read(p.serverPid), ovsVswitchd: read(p.switchPid) }, ns, remove);
}

const LOOPBACK_MANAGER = /^ptcp:\d{1,5}:127\.0\.0\.1$/;

/**
 * Builds what a working Contiv host has — and one thing a broken one has:
 *  - contivVxlanBridge and contivVlanBridge (datapath_type=netdev unless `datapaths` says otherwise),
 *  - an internal port contivh0 on contivVxlanBridge, its Port and Interface tagged
 *    external_ids:endpoint-id like netplugin tags the ports it makes,
 *  - contivh0 given 172.19.255.254/16 and set up inside `netns` (never on the host),
 *  - one extra bridge on the default (system) datapath, which fails here (no kernel module):
 *    ovs-vsctl still exits 0; the bridge has no datapath_id and vswitchd logs why.
 * Returns what it made, with the vswitchd log line that explains the failing bridge.
 */
export async function makeContivShape(dbSock, {
  netns = null,
  endpointId = 'contivh0-host-access',
  address = '172.19.255.254/16',
  datapaths = {},
  systemBridge = 'plugsmithSysBr',
  manager = null,
  masquerade = false,
  log = null,
} = {}) {
  const p = pathsFor(join(dbSock, '..'));
  const env = envFor(p);
  const vsctl = (args) => run(BINARIES.ovsVsctl[0], [`--db=unix:${dbSock}`, '--timeout=10', ...args], { env });
  const dpType = (name) => datapaths[name] ?? 'netdev';
  const made = { bridges: [], contivh0: null, systemBridge: null, manager: null, masquerade: false };
  for (const br of ['contivVxlanBridge', 'contivVlanBridge']) {
    // One transaction per bridge, like netplugin's ovsdb driver: the row and its datapath type together.
    const args = ['--may-exist', 'add-br', br];
    if (dpType(br) !== 'system') args.push('--', 'set', 'bridge', br, `datapath_type=${dpType(br)}`);
    const r = await vsctl(args);
    made.bridges.push({ name: br, datapathType: dpType(br), vsctlStderr: r.stderr.trim() });
  }
  await vsctl([
    '--may-exist', 'add-port', 'contivVxlanBridge', 'contivh0',
    '--', 'set', 'interface', 'contivh0', 'type=internal', `external_ids:endpoint-id=${endpointId}`,
    '--', 'set', 'port', 'contivh0', `external_ids:endpoint-id=${endpointId}`,
  ]);
  made.contivh0 = { bridge: 'contivVxlanBridge', endpointId, address: null, netns };
  if (netns) {
    const ip = (args) => run(BINARIES.ip[0], ['netns', 'exec', netns, 'ip', ...args], { env });
    // The device appears once vswitchd has applied the port (ovs-vsctl above waited for that).
    await ip(['addr', 'replace', address, 'dev', 'contivh0']);
    await ip(['link', 'set', 'contivh0', 'up']);
    made.contivh0.address = address;
    if (masquerade) {
      const subnet = privateSubnet(address);
      await run(BINARIES.ip[0], ['netns', 'exec', netns, 'iptables', '-t', 'nat', '-A', 'POSTROUTING', '-s', subnet, '!', '-o', 'contivh0', '-j', 'MASQUERADE'], { env });
      made.masquerade = subnet;
    }
  }
  if (systemBridge) {
    const r = await vsctl(['--may-exist', 'add-br', systemBridge]);
    const logFile = log ?? p.switchLog;
    const line = await waitForLogLine(logFile, `failed to create bridge ${systemBridge}:`);
    made.systemBridge = { name: systemBridge, vsctlStderr: r.stderr.trim(), logLine: line };
  }
  if (manager) {
    // ovsdb-server listens on manager targets: only a loopback one, ever.
    if (!LOOPBACK_MANAGER.test(manager)) throw new Error(`makeContivShape: manager must be ptcp:<port>:127.0.0.1, got ${manager}`);
    await vsctl(['set-manager', manager]);
    made.manager = manager;
  }
  return made;
}

function privateSubnet(cidr) {
  const [ip, bits] = cidr.split('/');
  const n = ip.split('.').reduce((a, o) => (a << 8) + Number(o), 0) >>> 0;
  const mask = bits === '0' ? 0 : (~0 << (32 - Number(bits))) >>> 0;
  const net = (n & mask) >>> 0;
  return `${[24, 16, 8, 0].map((s) => (net >>> s) & 255).join('.')}/${bits}`;
}

async function waitForLogLine(file, needle, timeoutMs = 3_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const line = readFileSync(file, 'utf8').split('\n').find((l) => l.includes(needle));
      if (line) return line;
    } catch {
      // not written yet
    }
    await sleep(50);
  }
  return null;
}

async function main(argv) {
  const [cmd, dir, ...flags] = argv;
  if (cmd === 'start') {
    const ovs = await startOvs({ dir: dir && !dir.startsWith('--') ? dir : undefined });
    const shape = flags.includes('--contiv') || dir === '--contiv' ? await makeContivShape(ovs.dbSock, { netns: ovs.netns }) : null;
    const { stop: _s, vsctl: _v, inNetns: _i, stopDb: _a, startDb: _b, stopSwitch: _c, startSwitch: _d, env: _e, ...info } = ovs;
    process.stdout.write(`${JSON.stringify({ ...info, shape })}\n`);
  } else if (cmd === 'stop' && dir) {
    process.stdout.write(`${JSON.stringify(await stopOvs({ dir, remove: flags.includes('--remove') }))}\n`);
  } else {
    process.stderr.write('usage: ovs.mjs start [dir] [--contiv] | stop <dir> [--remove]\n');
    process.exitCode = 2;
  }
}

runIfMain(import.meta.url, main);
