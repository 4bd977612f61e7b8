#!/usr/bin/env bash
# Installs what the test suites need on a Debian host — only what is missing, never
# replacing what is there: Debian's docker.io conflicts with Docker CE, so when any
# dockerd is already installed its binaries are used as they are.
# Prints one line per part; exits 0 when everything needed is present afterwards.
set -euo pipefail

need=()
have() { command -v "$1" >/dev/null 2>&1 || [ -x "$2" ]; }

if ! have dockerd /usr/sbin/dockerd && ! have dockerd /usr/bin/dockerd; then need+=(docker.io); fi
# The docker CLI (e2e specs and benches check the engine the way a user does): docker.io ships
# it beside dockerd; a Docker CE engine without it needs Docker's own docker-ce-cli.
if ! have docker /usr/bin/docker && [[ " ${need[*]} " != *" docker.io "* ]]; then
  if dpkg-query -W -f='${Status}' docker-ce 2>/dev/null | grep -q 'install ok installed'; then need+=(docker-ce-cli); else need+=(docker.io); fi
fi
if ! have chromium /usr/bin/chromium; then need+=(chromium); fi
# ctr, containerd's client: the containerd-leftover check and its tests read the engine's
# plugins.moby namespace with it (docker.io pulls containerd in; Docker CE uses containerd.io).
if ! have ctr /usr/bin/ctr; then need+=(containerd); fi
if ! have ip /usr/sbin/ip && ! have ip /sbin/ip; then need+=(iproute2); fi
if ! have tar /bin/tar; then need+=(tar); fi
# openssl: the serve-over-TLS unit test makes its throw-away certificate with it (not in a minimal Debian).
if ! have openssl /usr/bin/openssl; then need+=(openssl); fi
# Open vSwitch in userspace (ovsdb-server, ovs-vswitchd, ovs-vsctl, ovs-ofctl) for the OVS source.
if ! have ovs-vswitchd /usr/sbin/ovs-vswitchd || ! have ovs-vsctl /usr/bin/ovs-vsctl; then need+=(openvswitch-switch); fi
if ! have ovsdb-server /usr/sbin/ovsdb-server || ! have ovsdb-tool /usr/bin/ovsdb-tool || ! have ovs-ofctl /usr/bin/ovs-ofctl \
   || [ ! -f /usr/share/openvswitch/vswitch.ovsschema ]; then need+=(openvswitch-common); fi
# iptables: the MASQUERADE rule of the Contiv-shaped test host (inside its own namespace).
if ! have iptables /usr/sbin/iptables; then need+=(iptables); fi
# A registry on 127.0.0.1 for push tests.
if ! have docker-registry /usr/bin/docker-registry; then need+=(docker-registry); fi
# etcd for the cluster-store checks.
if ! have etcd /usr/bin/etcd; then need+=(etcd-server); fi
# A static busybox: the doctor's Contiv-shaped stand-in runs a real shell start script with it in its rootfs.
# (a dynamic one, Debian's plain busybox, would not run there: ldd succeeds only on a dynamic binary).
if [ ! -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then need+=(busybox-static); fi

if [ ${#need[@]} -eq 0 ]; then
  echo "setup: everything needed is installed"
  exit 0
fi

if [ "$(id -u)" != "0" ]; then
  echo "setup: missing ${need[*]} and not root: cannot install (run as root, or install them yourself)" >&2
  exit 3
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: missing ${need[*]} and no apt-get on this host" >&2
  exit 3
fi

echo "setup: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# policy-rc.d: packages must not start system services (openvswitch, etcd, the registry)
# on this host; the tests start their own copies on their own sockets and ports.
policy=/usr/sbin/policy-rc.d
made_policy=
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && made_policy=1
fi
trap '[ -n "$made_policy" ] && rm -f "$policy"' EXIT
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "setup: installed ${need[*]}"
