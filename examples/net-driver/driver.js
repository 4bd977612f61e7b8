#!/usr/bin/env node
/**
 * netdriver — a tiny Docker remote network driver, as a managed plugin.
 *
 * Plain CommonJS with no dependencies, so the plugin's rootfs is just the node binary,
 * its libraries and this file (see Dockerfile). The engine reaches the plugin on
 * /run/docker/plugins/<id>/<socket>; inside the plugin that folder is mounted at
 * /run/docker/plugins, so we listen on /run/docker/plugins/netdriver.sock (the
 * `interface.socket` in config.json).
 *
 * It keeps networks and endpoints in memory, logs one line per call to stdout (which
 * the engine copies into its own log, tagged plugin=<id>), and answers errors as
 * {"Err": "..."} with HTTP 500, the way Docker's plugin helpers do.
 *
 * Env (settable with `docker plugin set` while the plugin is disabled):
 *   MODE    ok (default) | silent: listen but never answer | no-socket: never listen
 *           — the two faults test fixtures need (ENGINE-NOTES: enable "succeeds" for a
 *           silent plugin, and fails with a dial error when the socket never appears).
 *   DEBUG   1 → also log each request and response body.
 *   LOG_DIR a folder to append the call log to (e.g. /var/log/netdriver, the `logs` mount),
 *           because no Engine API call returns a plugin's stdout.
 *   SCOPE   local (not settable: a global driver would need a cluster store).
 * For running on a host (tests, development): SOCKET_PATH overrides the socket's path.
 */
'use strict';

const http = require('node:http');
const net = require('node:net');
const fs = require('node:fs');
const path = require('node:path');

const MODE = process.env.MODE || 'ok';
const DEBUG = process.env.DEBUG === '1' || process.env.DEBUG === 'true';
const SCOPE = process.env.SCOPE || 'local';
const LOG_DIR = process.env.LOG_DIR || '';
const SOCKET_PATH = process.env.SOCKET_PATH || '/run/docker/plugins/netdriver.sock';
const MAX_CALLS = 500;

const networks = new Map(); // NetworkID → { options, ipv4, ipv6, endpoints: Set }
const endpoints = new Map(); // EndpointID → { networkId, iface, joined: sandboxKey|null }
const calls = []; // the last MAX_CALLS calls, for /Plugsmith.Calls

function log(line) {
  const text = `netdriver: ${line}`;
  process.stdout.write(`${text}\n`);
  if (LOG_DIR) {
    try {
      fs.appendFileSync(path.join(LOG_DIR, 'netdriver.log'), `${new Date().toISOString()} ${text}\n`);
    } catch (err) {
      process.stderr.write(`netdriver: cannot write ${LOG_DIR}/netdriver.log: ${err.message}\n`);
    }
  }
}

class DriverError extends Error {}

function short(id) {
  return typeof id === 'string' ? id.slice(0, 12) : String(id);
}

function needNetwork(id) {
  const n = networks.get(id);
  if (!n) throw new DriverError(`network ${short(id)} not found`);
  return n;
}

function needEndpoint(id) {
  const e = endpoints.get(id);
  if (!e) throw new DriverError(`endpoint ${short(id)} not found`);
  return e;
}

/** One handler per protocol call; each returns the JSON body of the answer. */
const handlers = {
  'Plugin.Activate': () => ({ Implements: ['NetworkDriver'] }),

  'NetworkDriver.GetCapabilities': () => ({ Scope: SCOPE, ConnectivityScope: SCOPE }),

  'NetworkDriver.CreateNetwork': (req) => {
    if (!req.NetworkID) throw new DriverError('CreateNetwork without NetworkID');
    if (networks.has(req.NetworkID)) throw new DriverError(`network ${short(req.NetworkID)} already exists`);
    networks.set(req.NetworkID, { options: req.Options || {}, ipv4: req.IPv4Data || [], ipv6: req.IPv6Data || [], endpoints: new Set() });
    return {};
  },

  // Idempotent on purpose: state is in memory, so after a plugin restart the engine may
  // delete networks we never saw, and refusing would leave them undeletable.
  'NetworkDriver.DeleteNetwork': (req) => {
    const n = networks.get(req.NetworkID);
    if (n) for (const ep of n.endpoints) endpoints.delete(ep);
    networks.delete(req.NetworkID);
    return {};
  },

  'NetworkDriver.AllocateNetwork': (req) => {
    if (!req.NetworkID) throw new DriverError('AllocateNetwork without NetworkID');
    return { Options: {} };
  },

  'NetworkDriver.FreeNetwork': () => ({}),

  'NetworkDriver.CreateEndpoint': (req) => {
    const n = needNetwork(req.NetworkID);
    if (endpoints.has(req.EndpointID)) throw new DriverError(`endpoint ${short(req.EndpointID)} already exists`);
    endpoints.set(req.EndpointID, { networkId: req.NetworkID, iface: req.Interface || {}, joined: null });
    n.endpoints.add(req.EndpointID);
    // The engine already chose the address (IPAM); returning an Interface would conflict with it.
    return {};
  },

  'NetworkDriver.EndpointOperInfo': (req) => {
    const e = needEndpoint(req.EndpointID);
    return { Value: { network: short(e.networkId), address: (e.iface && e.iface.Address) || '', joined: e.joined !== null } };
  },

  'NetworkDriver.DeleteEndpoint': (req) => {
    const e = endpoints.get(req.EndpointID);
    if (e) {
      const n = networks.get(e.networkId);
      if (n) n.endpoints.delete(req.EndpointID);
      endpoints.delete(req.EndpointID);
    }
    return {};
  },

  // No InterfaceName: this driver makes no veth (it has no CAP_NET_ADMIN), so a joined
  // container gets only its loopback. That is enough to exercise the whole protocol.
  'NetworkDriver.Join': (req) => {
    const e = needEndpoint(req.EndpointID);
    e.joined = req.SandboxKey || '';
    return {};
  },

  'NetworkDriver.Leave': (req) => {
    const e = needEndpoint(req.EndpointID);
    e.joined = null;
    return {};
  },

  'NetworkDriver.DiscoverNew': () => ({}),
  'NetworkDriver.DiscoverDelete': () => ({}),
  'NetworkDriver.ProgramExternalConnectivity': (req) => {
    needEndpoint(req.EndpointID);
    return {};
  },
  'NetworkDriver.RevokeExternalConnectivity': () => ({}),

  /** Not part of Docker's protocol: lets a test (root, on the host) ask what the driver saw. */
  'Plugsmith.Calls': () => ({
    Calls: calls.slice(),
    Networks: [...networks.keys()],
    Endpoints: [...endpoints.keys()],
    Env: { MODE, DEBUG: process.env.DEBUG || '', SCOPE, LOG_DIR },
  }),
};

function describe(call, req) {
  const bits = [];
  if (req && req.NetworkID) bits.push(`network=${short(req.NetworkID)}`);
  if (req && req.EndpointID) bits.push(`endpoint=${short(req.EndpointID)}`);
  return `${call}${bits.length ? ` ${bits.join(' ')}` : ''}`;
}

function answer(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/vnd.docker.plugins.v1+json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
  return text;
}

function handle(req, res) {
  let raw = '';
  req.setEncoding('utf8');
  req.on('data', (c) => (raw += c));
  req.on('end', () => {
    const call = (req.url || '/').replace(/^\/+/, '').split('?')[0];
    let body = {};
    try {
      body = raw.trim() ? JSON.parse(raw) : {};
    } catch (err) {
      log(`${call}: bad JSON body: ${err.message}`);
      answer(res, 400, { Err: `bad JSON body: ${err.message}` });
      return;
    }
    if (call !== 'Plugsmith.Calls') {
      calls.push({ call, networkId: body.NetworkID || null, endpointId: body.EndpointID || null, at: new Date().toISOString() });
      if (calls.length > MAX_CALLS) calls.shift();
    }
    const fn = handlers[call];
    if (!fn) {
      log(`${call}: unknown call`);
      answer(res, 404, { Err: `netdriver does not implement ${call}` });
      return;
    }
    try {
      const out = fn(body);
      const text = answer(res, 200, out);
      log(describe(call, body) + (DEBUG ? ` ← ${raw.trim() || '{}'} → ${text}` : ''));
    } catch (err) {
      const msg = err instanceof DriverError ? err.message : `internal error: ${err && err.message}`;
      answer(res, 500, { Err: msg });
      log(`${describe(call, body)} failed: ${msg}`);
    }
  });
}

function prepareSocket() {
  fs.mkdirSync(path.dirname(SOCKET_PATH), { recursive: true });
  // A socket file left by a killed previous run would make listen fail with EADDRINUSE.
  try {
    fs.unlinkSync(SOCKET_PATH);
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
}

let server = null;

function shutdown(signal) {
  log(`${signal}: shutting down`);
  if (server) server.close();
  try {
    if (server) fs.unlinkSync(SOCKET_PATH);
  } catch {
    // already gone
  }
  process.exit(0);
}

// As PID 1 in the plugin, signals without a handler are ignored by the kernel: without these
// the engine's SIGTERM does nothing and every disable waits 10 s for SIGKILL.
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

log(`starting: mode=${MODE} scope=${SCOPE} socket=${SOCKET_PATH} pid=${process.pid}`);

if (MODE === 'no-socket') {
  // Stay alive and never listen: the engine's dial fails and enable reports it.
  setInterval(() => undefined, 1 << 30);
} else if (MODE === 'silent') {
  prepareSocket();
  const held = new Set();
  // Raw TCP-level server: accept, read, never write. (An http server would eventually time out.)
  server = net.createServer((sock) => {
    held.add(sock);
    sock.on('data', () => undefined);
    sock.on('close', () => held.delete(sock));
    sock.on('error', () => held.delete(sock));
  });
  server.listen(SOCKET_PATH, () => log(`listening on ${SOCKET_PATH}, and never answering`));
} else if (MODE === 'ok') {
  prepareSocket();
  server = http.createServer(handle);
  server.listen(SOCKET_PATH, () => log(`listening on ${SOCKET_PATH}`));
} else {
  log(`unknown MODE ${JSON.stringify(MODE)} (expected ok, silent or no-socket)`);
  process.exit(2);
}
