#!/usr/bin/env bash
# API server benchmark (issue 4): boots target/k3j on a temporary data dir and a loopback port, then drives it with
# h2load (nghttp2's HTTP/2 load generator, written in C, so the figures are the server's and not a Java client's):
# GET of one object, LIST of 500 objects, CREATE; HTTP/2 over TLS, 64 concurrent clients (one connection each).
#   bench/api.sh [seconds-per-phase]     (build first: ./mvnw -B -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x target/k3j ] || { echo "build first: ./mvnw -B -DskipTests package" >&2; exit 1; }
if ! command -v h2load >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "h2load is missing: apt-get install nghttp2-client" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q nghttp2-client >/dev/null
fi
secs=${1:-10}
clients=64
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
: > "$work/config.yaml"
target/k3j server -c "$work/config.yaml" -d "$work/data" --https-listen-port "$port" --bind-address 127.0.0.1 \
  -o "$work/kubeconfig.yaml" --node-name bench >"$work/k3j.log" 2>&1 &
pid=$!
base="https://127.0.0.1:$port"
until curl -sk -o /dev/null "$base/readyz"; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/k3j.log"; exit 1; }
  sleep 0.1
done
tls="$work/data/server/tls"
admin() { # admin() METHOD PATH [JSON]: one request with the admin client certificate
  curl -sS --fail-with-body --cacert "$tls/server-ca.crt" --cert "$tls/client-admin.crt" --key "$tls/client-admin.key" \
    -X "$1" -H 'Content-Type: application/json' ${3:+--data "$3"} "$base$2"
}
# h2load speaks no client certificates: a service account bound to cluster-admin gives it a bearer token.
admin POST /api/v1/namespaces/default/serviceaccounts '{"metadata":{"name":"bench"}}' >/dev/null
admin POST /apis/rbac.authorization.k8s.io/v1/clusterrolebindings '{"metadata":{"name":"bench"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cluster-admin"},"subjects":[{"kind":"ServiceAccount","name":"bench","namespace":"default"}]}' >/dev/null
token=$(admin POST /api/v1/namespaces/default/serviceaccounts/bench/token '{"spec":{"expirationSeconds":7200}}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"]["token"])')
for ns in bench-get bench-list bench-create; do admin POST /api/v1/namespaces "{\"metadata\":{\"name\":\"$ns\"}}" >/dev/null; done
printf '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"bench-"},"data":{"k":"v"}}' > "$work/cm.json"
load() { # load NAME URL [extra h2load args]: one phase, printed as req/s, p50 and p99 of the request latencies
  local name=$1 url=$2; shift 2
  rm -f "$work/log"
  h2load -c "$clients" -m 1 -D "$secs" --warm-up-time 5 -H "Authorization: Bearer $token" --log-file "$work/log" "$@" \
    "$url" > "$work/out" || { cat "$work/out"; exit 1; }
  local rps codes
  rps=$(awk '/^finished in/ { sub(/,/, "", $4); print $4 }' "$work/out")
  codes=$(awk '/^status codes:/ { print $3 " 2xx, " $7 " 4xx, " $9 " 5xx" }' "$work/out")
  # h2load's log: start time, status, latency in microseconds, one line per request
  sort -n -k3,3 "$work/log" | awk -v name="$name" -v rps="$rps" -v codes="$codes" -v c="$clients" \
    '{ l[NR] = $3 } END { printf "%-20s %8.0f req/s   p50 %6.2f ms   p99 %6.2f ms   (%d requests: %s; %d concurrent)\n",
       name, rps, l[int(NR * 0.5) + 1] / 1000, l[int(NR * 0.99) + 1] / 1000, NR, codes, c }'
}
# The objects: 500 ConfigMaps to list, one of them read back by GET.
h2load -c 8 -n 500 -d "$work/cm.json" -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
  "$base/api/v1/namespaces/bench-list/configmaps" >/dev/null
admin POST /api/v1/namespaces/bench-get/configmaps '{"metadata":{"name":"one"},"data":{"k":"v"}}' >/dev/null
load "GET one object" "$base/api/v1/namespaces/bench-get/configmaps/one"
load "LIST 500 objects" "$base/api/v1/namespaces/bench-list/configmaps"
load "CREATE (SQLite)" "$base/api/v1/namespaces/bench-create/configmaps" -d "$work/cm.json" -H 'Content-Type: application/json'
jpid=$(pgrep -P "$pid" java || echo "$pid")
echo "k3j RSS after the run: $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$jpid/status")"
