#!/bin/sh
# The Contiv-shaped stand-in's start script, 2017 layout: reads the lower-case settings (plugin_role,
# cluster_store, log_dir) as Contiv's 2017 install/v2plugin/startcontiv.sh did, run by a static busybox
# in the test plugin's rootfs. contiv-standin.ts may turn the module check off (CHECK_MODULE).
# Test fixture only.
CHECK_MODULE=1

log_dir=${log_dir:-/var/log/contiv}
mkdir -p "$log_dir"
BOOTUP_LOGFILE="$log_dir/plugin_bootup.log"
say() { # FILE LINE: stdout (the engine's log) and the plugin's own log file
  echo "$2"
  echo "$2" >> "$log_dir/$1"
}

role=netplugin
if [ "$plugin_role" = master ]; then role=netmaster; fi
say plugin_bootup.log "INFO: Starting contiv $role with role $role"
say plugin_bootup.log "Loading OVS"
if [ "$CHECK_MODULE" = 1 ] && ! grep -q '^openvswitch ' /proc/modules 2>/dev/null && [ ! -d /sys/module/openvswitch ]; then
  say plugin_bootup.log "modprobe: FATAL: Module openvswitch not found in directory /lib/modules/$(uname -r)"
  say plugin_bootup.log "Load ovs FAILED!!!"
  exit 1
fi

store=${cluster_store:-etcd://127.0.0.1:2379}
store="http://${store#etcd://}"
if ! wget -q -T 2 -O - "${store%/}/health" 2>/dev/null | grep -q '"health": *"*true'; then
  say netmaster.log "time=\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" level=fatal msg=\"Error connecting to state store: driver \\\"etcd\\\", URLs \\\"$store\\\". Err: client: etcd cluster is unavailable or misconfigured\""
  exit 1
fi

export SOCKET_PATH=/run/docker/plugins/netplugin.sock
say netplugin.log "time=\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" level=info msg=\"docker plugin listening on $SOCKET_PATH\""
exec /usr/bin/node /driver.js
