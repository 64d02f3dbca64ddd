#!/usr/bin/env bash
# End-to-end scale benchmark on hollow nodes: boots target/k3j with N hollow nodes, creates a Deployment of R
# replicas with real kubectl and times create -> `kubectl rollout status` done; scheduling throughput comes from a
# pod watch (time each pod is first seen bound); then CPU of the k3j process at rest over 30 s (from
# /proc/<pid>/stat utime+stime) and its RSS. With agents > 0, that many of the nodes run as separate
# `k3j agent --hollow` processes joined with the node-token (the rest stay in the server): the script reports how
# long they took from launch to Ready, and one agent's RSS.
#   bench/hollow.sh [replicas=1000] [nodes=100] [agents=0]      (needs target/k3j: ./mvnw -B -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
replicas=${1:-1000}
nodes=${2:-100}
agents=${3:-0}
[ "$agents" -le "$nodes" ] || { echo "agents ($agents) must not exceed nodes ($nodes)" >&2; exit 1; }
k3j=$PWD/target/k3j
[ -x "$k3j" ] || { echo "build first: ./mvnw -B -DskipTests package" >&2; exit 1; }
kubectl=${KUBECTL:-$(dirname "$(readlink -f "$(command -v kubectl)")")/kubectl.1.33}
work=$(mktemp -d)
pid=""; watcher=""; agent_pids=""
cleanup() { for p in $watcher $agent_pids $pid; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
: > "$work/empty.yaml"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
now_ms() { date +%s%3N; }

K3J_CDS=0 "$k3j" server -c "$work/empty.yaml" -d "$work/data" --https-listen-port "$port" --bind-address 127.0.0.1 \
  -o "$work/kubeconfig.yaml" --node-name bench --hollow-nodes "$((nodes - agents))" \
  --hollow-node-capacity cpu=4,memory=8Gi,pods=110 >"$work/log" 2>&1 &
pid=$!
k() { "$kubectl" --kubeconfig="$work/kubeconfig.yaml" "$@"; }
until [ -f "$work/kubeconfig.yaml" ] && k get --raw /readyz >/dev/null 2>&1; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/log" >&2; exit 1; }; sleep 0.2
done
say() { echo "[$(date +%T)] $*" >&2; }
say "k3j up"
if [ "$agents" -gt 0 ]; then
  # Join a settled server: wait for the in-process nodes first.
  for _ in $(seq 240); do
    [ "$(k get nodes --no-headers 2>/dev/null | grep -c ' Ready ')" = "$((nodes - agents))" ] && break; sleep 0.5
  done
  say "launching $agents hollow agents"
  ta=$(now_ms)
  for i in $(seq "$agents"); do
    K3J_CDS=0 "$k3j" agent --hollow -c "$work/empty.yaml" -s "https://127.0.0.1:$port" \
      --token-file "$work/data/server/node-token" --node-name "agent-$i" -d "$work/agent-$i" \
      --hollow-node-capacity cpu=4,memory=8Gi,pods=110 >"$work/agent-$i.log" 2>&1 &
    agent_pids="$agent_pids $!"
  done
  joined=""
  for _ in $(seq 600); do
    [ "$(k get nodes --no-headers 2>/dev/null | grep '^agent-' | grep -c ' Ready ')" = "$agents" ] && { joined=1; break; }
    for p in $agent_pids; do kill -0 "$p" 2>/dev/null || break 2; done
    sleep 0.2
  done
  tb=$(now_ms)
  if [ -z "$joined" ]; then
    say "the agents did not all turn Ready:"; tail -n 3 "$work"/agent-*.log >&2; exit 1
  fi
  python3 -c "print(f'{$agents} hollow agents: launch -> all Ready {($tb - $ta) / 1000:.2f} s')"
  first=${agent_pids# }; first=${first%% *}
  awk '/VmRSS/ {printf "RSS of one hollow agent: %.0f MiB\n", $2/1024}' "/proc/$first/status"
fi
say "waiting for $nodes Ready nodes"
for _ in $(seq 240); do [ "$(k get nodes --no-headers 2>/dev/null | grep -c ' Ready ')" = "$nodes" ] && break; sleep 0.5; done
# The launcher execs java, but be safe: measure the JVM (child if any).
jpid=$(pgrep -P "$pid" java || echo "$pid")

k create namespace bench >/dev/null
# One line per pod event with the node it is bound to; python stamps the first bound sighting of each pod.
k -n bench get pods --watch --output-watch-events -o 'jsonpath={.type} {.object.metadata.name} {.object.spec.nodeName}{"\n"}' \
  2>/dev/null | python3 -u -c '
import sys, time
seen = set()
for line in sys.stdin:
    f = line.split()
    if len(f) >= 3 and f[1] not in seen:
        seen.add(f[1]); print("%.3f" % time.time(), flush=True)
' > "$work/binds" &
watcher=$!
sleep 1
say "nodes ready; creating the deployment"
t0=$(now_ms)
k -n bench create deployment big --image=nginx --replicas="$replicas" >/dev/null
k -n bench rollout status deployment/big --timeout=300s >/dev/null || say "rollout did not finish in 300 s"
t1=$(now_ms)
sleep 1
kill "$watcher" 2>/dev/null || true; pkill -P $$ -f 'get pods --watch' 2>/dev/null || true
ready=$(k -n bench get deployment big -o jsonpath='{.status.readyReplicas}')
python3 - "$work/binds" "$t0" "$t1" "$replicas" "$ready" <<'PY'
import sys
ts = sorted(float(l) for l in open(sys.argv[1]) if l.strip())
t0, t1, want, ready = int(sys.argv[2]) / 1000, int(sys.argv[3]) / 1000, int(sys.argv[4]), sys.argv[5]
print(f"deployment of {want} replicas: create -> rollout status done {t1 - t0:.2f} s (readyReplicas={ready})")
if len(ts) > 1:
    span = ts[-1] - ts[0]
    print(f"pods bound (seen on watch): {len(ts)}; first bind {ts[0] - t0:.2f} s after create, last {ts[-1] - t0:.2f} s")
    print(f"scheduling throughput: {len(ts) / span:.0f} pods/s over the bind window ({span:.2f} s)")
    # busiest 1 s window
    j, best = 0, 0
    for i in range(len(ts)):
        while ts[i] - ts[j] > 1.0: j += 1
        best = max(best, i - j + 1)
    print(f"peak: {best} pods bound within 1 s")
PY
# The same from the server's side: each pod's PodScheduled=True transition (1 s resolution), which does not
# depend on a client keeping up with the watch.
k -n bench get pods -o json | python3 -c '
import sys, json, datetime
ts = []
for p in json.load(sys.stdin)["items"]:
    for c in p.get("status", {}).get("conditions", []):
        if c["type"] == "PodScheduled" and c["status"] == "True":
            ts.append(datetime.datetime.fromisoformat(c["lastTransitionTime"].replace("Z", "+00:00")).timestamp())
if len(ts) > 1:
    ts.sort(); span = max(ts[-1] - ts[0], 1.0)
    print(f"pods bound (PodScheduled times): {len(ts)} within {span:.0f} s: {len(ts) / span:.0f} pods/s (1 s resolution)")
'
say "measuring CPU at rest"
# At rest: let the burst settle, then measure CPU over 30 s.
sleep 15
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$jpid/stat"; }
a=$(ticks); sleep 30; b=$(ticks)
python3 -c "print(f'CPU at rest ({$nodes} hollow nodes, {$replicas} pods): {($b - $a) / $hz / 30 * 100:.2f} % of one core')"
awk '/VmRSS/ {printf "RSS: %.0f MiB\n", $2/1024}' "/proc/$jpid/status"
