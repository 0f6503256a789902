#!/usr/bin/env bash
# Assembles Gremlin Server from Maven Central jars (pom.xml beside this script) into
# .cache/gremlin-server/<tinkerpop version>/lib, once: a later run whose pom.xml has not changed does nothing.
# Needs Java and Maven. Prints the lib directory on stdout; progress goes to stderr.
#   GREMLIN_SERVER_CACHE  cache root (default: <repo>/.cache/gremlin-server)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
version="$(sed -n 's:.*<tinkerpop.version>\(.*\)</tinkerpop.version>.*:\1:p' "$here/pom.xml")"
cache="${GREMLIN_SERVER_CACHE:-$root/.cache/gremlin-server}/$version"
lib="$cache/lib"
stamp="$(sha256sum "$here/pom.xml" | cut -d' ' -f1)"

if [ -f "$cache/complete" ] && [ "$(cat "$cache/complete")" = "$stamp" ]; then
  echo "$lib"
  exit 0
fi

for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "gremlin-server: '$tool' is not installed; Gremlin Server $version needs Java 11+ and Maven" \
      "(Debian: apt-get install default-jdk-headless maven)" >&2
    exit 1
  fi
done

echo "gremlin-server: fetching Gremlin Server $version jars from Maven Central into $lib" >&2
mkdir -p "$cache"
tmp="$(mktemp -d "$cache/lib.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
mvn -q -B -Dstyle.color=never -f "$here/pom.xml" dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$tmp" >&2
if ! ls "$tmp"/gremlin-server-"$version".jar >/dev/null 2>&1; then
  echo "gremlin-server: Maven did not produce gremlin-server-$version.jar" >&2
  exit 1
fi
# Swap the new lib in whole, so a concurrent start never sees half a directory.
rm -rf "$lib.old"
[ -d "$lib" ] && mv "$lib" "$lib.old"
mv "$tmp" "$lib"
rm -rf "$lib.old"
trap - EXIT
echo "$stamp" >"$cache/complete"
echo "gremlin-server: $(ls "$lib" | wc -l) jars in $lib" >&2
echo "$lib"
