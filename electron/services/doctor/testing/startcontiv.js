#!/usr/bin/env node
/**
 * The Contiv-shaped stand-in's start script (runs inside the test plugin, under the node binary
 * of the example driver's rootfs — there is no shell). It does what Contiv's startcontiv.sh does
 * on a host like this one and writes the REAL lines of ../shared/contiv/REAL-FAILURES.md:
 *  - STANDIN_SCRIPT=2019 (default): reads CONTIV_* names; none → exits silently (`set -e` after an
 *    empty grep); CONTIV_ROLE not netmaster|netplugin → the CRITICAL line on stdout only (no log);
 *  - STANDIN_SCRIPT=2017: reads the 2017 lower-case names; with modprobe failing → "Load ovs FAILED!!!";
 *  - unless STANDIN_SKIP_MODPROBE=1, "modprobe openvswitch": the module missing (this host) → the
 *    modprobe FATAL and "CRITICAL: Failed to load kernel module openvswitch" in plugin_bootup.log;
 *  - the cluster store must answer `/health` (netmaster's fatal etcd line otherwise, in netmaster.log);
 *  - then runs the example driver on netplugin.sock and logs the listening line.
 * Test fixture only.
 */
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');

const env = process.env;
const script = env.STANDIN_SCRIPT || '2019';
const logDir = (script === '2019' ? env.CONTIV_LOG_DIR : env.log_dir) || '/var/log/contiv';
const stamp = () => new Date().toISOString();

function out(line) {
  process.stdout.write(`${line}\n`);
}
function log(file, line) {
  out(line);
  try {
    fs.mkdirSync(logDir, { recursive: true });
    fs.appendFileSync(path.join(logDir, file), `${line}\n`);
  } catch (err) {
    process.stderr.write(`cannot write ${logDir}/${file}: ${err.message}\n`);
  }
}
const gofmt = (level, msg) => `time="${stamp()}" level=${level} msg="${msg.replace(/"/g, '\\"')}"`;

function moduleLoaded() {
  try {
    if (fs.readFileSync('/proc/modules', 'utf8').split('\n').some((l) => l.startsWith('openvswitch '))) return true;
  } catch {
    // no /proc/modules: a kernel without module support
  }
  return fs.existsSync('/sys/module/openvswitch');
}

function health(url) {
  return new Promise((resolve) => {
    const req = http.get(`${url.replace(/\/+$/, '')}/health`, { timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(res.statusCode === 200 && /"health":\s*"?true/.test(body)));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

async function main() {
  let role;
  let store;
  if (script === '2019') {
    const names = Object.keys(env).filter((k) => k.startsWith('CONTIV_'));
    if (names.length === 0) process.exit(1); // grep found nothing; set -e ends the script without a word
    role = env.CONTIV_ROLE;
    if (role !== 'netmaster' && role !== 'netplugin') {
      out('CRITICAL: ENV CONTIV_ROLE must be in [netmaster, netplugin]');
      process.exit(1);
    }
    store = (env.CONTIV_NETPLUGIN_ETCD_ENDPOINTS || 'http://127.0.0.1:2379').split(',')[0];
  } else {
    role = env.plugin_role === 'master' ? 'netmaster' : 'netplugin';
    store = (env.cluster_store || 'etcd://127.0.0.1:2379').replace(/^etcd:\/\//, 'http://');
  }
  log('plugin_bootup.log', `INFO: Starting contiv net${role === 'netmaster' ? 'master' : 'plugin'} with role ${role}`);
  if (env.STANDIN_SKIP_MODPROBE !== '1' && !moduleLoaded()) {
    log('plugin_bootup.log', `modprobe: FATAL: Module openvswitch not found in directory /lib/modules/${os.release()}`);
    log('plugin_bootup.log', script === '2019' ? 'CRITICAL: Failed to load kernel module openvswitch' : 'Load ovs FAILED!!!');
    process.exit(1);
  }
  if (!(await health(store))) {
    log('netmaster.log', gofmt('error', `Failed to connect to etcd. Err: client: etcd cluster is unavailable or misconfigured`));
    log('netmaster.log', gofmt('fatal', `Error connecting to state store: driver "etcd", URLs "${store}". Err: client: etcd cluster is unavailable or misconfigured`));
    process.exit(1);
  }
  process.env.SOCKET_PATH = '/run/docker/plugins/netplugin.sock';
  log('netplugin.log', gofmt('info', 'docker plugin listening on /run/docker/plugins/netplugin.sock'));
  require('/driver.js');
}

main().catch((err) => {
  out(`CRITICAL: ${err.message}`);
  process.exit(1);
});
