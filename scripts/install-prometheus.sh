#!/usr/bin/env bash
# Installs Prometheus (the Debian package `prometheus`, which ships `prometheus` and `promtool`) when missing.
# The Prometheus metrics-source tests start a real server on backfilled data (test/support/prometheus-server.ts);
# they fail, never skip, without it. Only installs the binaries: the Debian service is not started here (the
# tests start their own server on a free port), and `policy-rc.d` keeps the package's post-install from
# starting one where the init system would.
set -euo pipefail

if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  echo "install-prometheus: $(prometheus --version 2>&1 | head -1)"
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-prometheus: need root or sudo to install prometheus" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
echo "install-prometheus: installing prometheus from Debian packages"
"${sudo_cmd[@]}" apt-get update -qq
RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends prometheus >/dev/null
command -v promtool >/dev/null 2>&1 || { echo "install-prometheus: promtool missing after install" >&2; exit 1; }
echo "install-prometheus: $(prometheus --version 2>&1 | head -1)"
