#!/usr/bin/env bash
# API server benchmark: boots target/k3j on a temporary data dir and a loopback port, then runs
# io.k3j.bench.ApiBench (GET one object, LIST 500, CREATE; HTTP/2 + TLS, 64 concurrent).
#   bench/api.sh [seconds-per-phase]     (build first: ./mvnw -B -DskipTests package test-compile)
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
target/k3j server -c "$work/config.yaml" -d "$work/data" --https-listen-port "$port" --bind-address 127.0.0.1 \
  -o "$work/kubeconfig.yaml" --node-name bench >"$work/k3j.log" 2>&1 &
pid=$!
until curl -sk -o /dev/null "https://127.0.0.1:$port/readyz"; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/k3j.log"; exit 1; }
  sleep 0.1
done
"$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.k3j.bench.ApiBench \
  "https://127.0.0.1:$port" "$work/data" "${1:-10}"
echo "k3j RSS after the run: $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$pid/status")"
