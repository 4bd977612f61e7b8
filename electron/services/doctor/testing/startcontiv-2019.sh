#!/bin/sh
# The Contiv-shaped stand-in's start script, 2019 layout: a real shell script run by a static busybox
# in the test plugin's rootfs, doing what Contiv's 2019 install/v2plugin/startcontiv.sh does on a host
# like this one and writing the REAL lines of ../shared/contiv/REAL-FAILURES.md. The doctor reads this
# very file from the plugin's rootfs (plugin-rootfs.ts). contiv-standin.ts may rename the CONTIV_
# prefix (proof that the doctor reads the script) and drop the module check.
# Test fixture only.
set -e

# The settings are the plugin's CONTIV_ variables. With none (a 2017 config), grep finds nothing and
# set -e ends the script right here, without a word anywhere.
settings=$(env | grep '^CONTIV_')

case "$CONTIV_ROLE" in
  netmaster|netplugin) ;;
  *)
    # Before any log file: this line reaches only the engine's log (plugin stdout).
    echo "CRITICAL: ENV CONTIV_ROLE must be in [netmaster, netplugin]"
    exit 1
    ;;
esac

log_dir=${CONTIV_LOG_DIR:-/var/log/contiv}
mkdir -p "$log_dir"
say() { # FILE LINE: stdout (the engine's log) and the plugin's own log file
  echo "$2"
  echo "$2" >> "$log_dir/$1"
}
gofmt() { # LEVEL MSG, as logrus writes it
  echo "time=\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" level=$1 msg=\"$2\""
}

# Does the cluster store answer /health ({"health":"true"})? nc, not wget: a static glibc's wget dies
# (segfault) resolving "http" through NSS libraries of another glibc in the rootfs.
store_ok() {
  hp=${1#*://}
  hp=${hp%%/*}
  printf 'GET /health HTTP/1.0\r\nHost: %s\r\n\r\n' "$hp" | nc -w 2 "${hp%%:*}" "${hp##*:}" 2>/dev/null | grep -q '"health": *"*true'
}

say plugin_bootup.log "INFO: Starting contiv $CONTIV_ROLE with role $CONTIV_ROLE"
# module-check: begin (contiv-standin.ts drops this block for "a start script without modprobe")
# The plugin cannot load a module (no CAP_SYS_MODULE, no /lib/modules mounted): this fails unless it is loaded.
if ! grep -q '^openvswitch ' /proc/modules 2>/dev/null && ! modprobe openvswitch 2>/dev/null; then
  say plugin_bootup.log "modprobe: FATAL: Module openvswitch not found in directory /lib/modules/$(uname -r)"
  say plugin_bootup.log "CRITICAL: Failed to load kernel module openvswitch"
  exit 1
fi
# module-check: end

store=${CONTIV_NETPLUGIN_ETCD_ENDPOINTS:-http://127.0.0.1:2379}
store=${store%%,*}
if ! store_ok "$store"; then
  say netmaster.log "$(gofmt error 'Failed to connect to etcd. Err: client: etcd cluster is unavailable or misconfigured')"
  say netmaster.log "$(gofmt fatal "Error connecting to state store: driver \\\"etcd\\\", URLs \\\"$store\\\". Err: client: etcd cluster is unavailable or misconfigured")"
  exit 1
fi

export SOCKET_PATH=/run/docker/plugins/netplugin.sock
say netplugin.log "$(gofmt info "docker plugin listening on $SOCKET_PATH")"
exec /usr/bin/node /driver.js
