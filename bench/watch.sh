#!/usr/bin/env bash
# Watch fan-out and large-list benchmark (issue 4): boots target/k3j on a temporary data dir and a loopback port,
# opens N watches (default 10000), measures delivery of changes to all of them, the server's heap with the watches
# open (after a full GC, via jcmd), then lists M pods (default 10000) from the watch cache.
#   bench/watch.sh [watches] [pods]      (build first: ./mvnw -B -DskipTests package test-compile)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x target/k3j ] || { echo "build first: ./mvnw -B -DskipTests package test-compile" >&2; exit 1; }
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
: > "$work/config.yaml"
K3J_CDS=0 target/k3j server -c "$work/config.yaml" -d "$work/data" --https-listen-port "$port" --bind-address 127.0.0.1 \
  -o "$work/kubeconfig.yaml" --node-name bench >"$work/k3j.log" 2>&1 &
pid=$!
until curl -sk -o /dev/null "https://127.0.0.1:$port/readyz"; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/k3j.log"; exit 1; }
  sleep 0.1
done
jpid=$(pgrep -P "$pid" java || echo "$pid")
heap() {
  "$JAVA_HOME/bin/jcmd" "$jpid" GC.run >/dev/null
  "$JAVA_HOME/bin/jcmd" "$jpid" GC.heap_info | awk '/^ *(DefNew|Tenured|garbage-first heap)/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i+1); sub(/K,?/, "", v); sum += v } }
    END { printf "%.1f MB used (after a full GC)", sum / 1024 }'
}
echo "server heap before watches: $(heap)"
coproc BENCH { "$JAVA_HOME/bin/java" -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.k3j.bench.WatchBench "https://127.0.0.1:$port" "$work/data" "${1:-10000}" "${2:-10000}" 2>&1; }
while IFS= read -r line <&"${BENCH[0]}"; do
  echo "$line"
  if [[ "$line" == PAUSE* ]]; then
    echo "server heap with the watches open: $(heap)"
    echo >&"${BENCH[1]}"
  fi
done
echo "k3j RSS after the run: $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$jpid/status")"
