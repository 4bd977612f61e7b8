#!/bin/sh
# The Contiv-shaped stand-in's start script, 2017 layout: reads the lower-case settings (plugin_role,
# cluster_store, log_dir) as Contiv's 2017 install/v2plugin/startcontiv.sh did, run by a static busybox
# in the test plugin's rootfs. contiv-standin.ts may drop the module check.
# Test fixture only.

log_dir=${log_dir:-/var/log/contiv}
mkdir -p "$log_dir"
BOOTUP_LOGFILE="$log_dir/plugin_bootup.log"
say() { # FILE LINE: stdout (the engine's log) and the plugin's own log file
  echo "$2"
  echo "$2" >> "$log_dir/$1"
}

# Does the cluster store answer /health ({"health":"true"})? nc, not wget: a static glibc's wget dies
# (segfault) resolving "http" through NSS libraries of another glibc in the rootfs.
store_ok() {
  hp=${1#*://}
  hp=${hp%%/*}
  printf 'GET /health HTTP/1.0\r\nHost: %s\r\n\r\n' "$hp" | nc -w 2 "${hp%%:*}" "${hp##*:}" 2>/dev/null | grep -q '"health": *"*true'
}

role=netplugin
if [ "$plugin_role" = master ]; then role=netmaster; fi
say plugin_bootup.log "INFO: Starting contiv $role with role $role"
say plugin_bootup.log "Loading OVS"
# module-check: begin (contiv-standin.ts drops this block for "a start script without modprobe")
# The plugin cannot load a module (no CAP_SYS_MODULE, no /lib/modules mounted): this fails unless it is loaded.
if ! grep -q '^openvswitch ' /proc/modules 2>/dev/null && ! modprobe openvswitch 2>/dev/null; then
  say plugin_bootup.log "modprobe: FATAL: Module openvswitch not found in directory /lib/modules/$(uname -r)"
  say plugin_bootup.log "Load ovs FAILED!!!"
  exit 1
fi
# module-check: end

store=${cluster_store:-etcd://127.0.0.1:2379}
store="http://${store#etcd://}"
if ! store_ok "$store"; then
  say netmaster.log "time=\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" level=fatal msg=\"Error connecting to state store: driver \\\"etcd\\\", URLs \\\"$store\\\". Err: client: etcd cluster is unavailable or misconfigured\""
  exit 1
fi

export SOCKET_PATH=/run/docker/plugins/netplugin.sock
say netplugin.log "time=\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" level=info msg=\"docker plugin listening on $SOCKET_PATH\""
exec /usr/bin/node /driver.js
