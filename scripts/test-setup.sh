#!/usr/bin/env bash
# Installs the servers and tools the tests talk to when they are missing (runs before `npm test`).
# Tests use real services: redis-server (Debian package) and Gremlin Server 3.8, assembled from Maven Central
# jars into .cache/gremlin-server (scripts/gremlin-server/fetch.sh; needs Java and Maven). The codec tests
# encode their fixtures with protoc (Debian protobuf-compiler). The test run itself starts the servers on
# free ports.
set -euo pipefail

need_apt=()
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
command -v protoc >/dev/null 2>&1 || need_apt+=(protobuf-compiler)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
# The console tests drive headless Chromium (Debian package) with playwright-core.
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test-setup: installing ${need_apt[*]} from Debian packages"
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "test-setup: need root or sudo to install ${need_apt[*]}" >&2; exit 1; }
    sudo_cmd=(sudo)
  fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
echo "test-setup: redis-server $(redis-server --version | sed -E 's/.*v=([0-9.]+).*/\1/')"
echo "test-setup: $(protoc --version)"
gremlin_lib="$(bash "$(dirname "$0")/gremlin-server/fetch.sh")"
echo "test-setup: Gremlin Server jars in ${gremlin_lib} ($(java -version 2>&1 | head -1))"
# Prometheus (Debian package) for the Prometheus metrics-source tests, backfilled with promtool.
bash "$(dirname "$0")/install-prometheus.sh"
# Schemathesis (PyPI) fuzzes the API from its OpenAPI spec (test/fuzz); an outside tool, never shipped.
SCHEMATHESIS_VERSION=4.32.5
if ! schemathesis --version 2>/dev/null | grep -q "${SCHEMATHESIS_VERSION}"; then
  echo "test-setup: installing schemathesis ${SCHEMATHESIS_VERSION} from PyPI"
  python3 -m pip install -q --disable-pip-version-check "schemathesis==${SCHEMATHESIS_VERSION}"
fi
echo "test-setup: $(schemathesis --version)"
