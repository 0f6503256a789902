#!/usr/bin/env bash
# Runs Gremlin Server (TinkerGraph, `g` bound by init.groovy) in the foreground until it is stopped
# (SIGTERM stops it cleanly). Fetches the jars first when they are not cached (fetch.sh).
#   start.sh [port]       listen on 127.0.0.1:<port>; default $GREMLIN_PORT or 8182
#   GREMLIN_HOST          address to bind (default 127.0.0.1; 0.0.0.0 inside a container)
#   GREMLIN_HEAP          JVM maximum heap (default 2g)
# The server answers at ws://<host>:<port>/gremlin once it logs "Channel started at port".
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
lib="$(bash "$here/fetch.sh")"
if ! command -v java >/dev/null 2>&1; then
  echo "gremlin-server: 'java' is not installed; Gremlin Server needs Java 11+ (Debian: apt-get install default-jre-headless)" >&2
  exit 1
fi
port="${1:-${GREMLIN_PORT:-8182}}"
host="${GREMLIN_HOST:-127.0.0.1}"
case "$port" in '' | *[!0-9]*) echo "gremlin-server: port must be a number, got '$port'" >&2; exit 2 ;; esac

run_dir="${GREMLIN_SERVER_CACHE:-$root/.cache/gremlin-server}/run"
mkdir -p "$run_dir"
conf="$run_dir/gremlin-server-$host-$port.yaml"
sed -e "s/^port: .*/port: $port/" -e "s/^host: .*/host: $host/" "$here/gremlin-server.yaml" >"$conf"

# Relative paths in the YAML (tinkergraph.properties, init.groovy) resolve from the working directory.
cd "$here"
exec java -Xms256m -Xmx"${GREMLIN_HEAP:-2g}" -XX:+UseParallelGC \
  -Dlogback.configurationFile="$here/logback.xml" \
  -cp "$lib/*" org.apache.tinkerpop.gremlin.server.GremlinServer "$conf"
