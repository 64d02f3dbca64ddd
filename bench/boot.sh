#!/usr/bin/env bash
# Boot benchmark: process start -> /readyz 200, and RSS 10 s after boot, for k3j and for a bare
# Vert.x HTTPS hello-world started the same way (the JVM floor). Prints medians of N runs, the CPU
# time each process used until /readyz (less sensitive to other load on the box than wall time), the
# load average, and where the RSS goes (pmap: start-up cache, Java heap, malloc, code cache, files).
#   bench/boot.sh [runs]      (needs target/k3j and target/test-classes: ./mvnw -DskipTests package test-compile)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
k3j=$PWD/target/k3j
[ -x "$k3j" ] || { echo "build first: ./mvnw -B -DskipTests package test-compile" >&2; exit 1; }
[ -d target/test-classes/io/k3j/bench ] || { echo "compile the bench classes: ./mvnw -B test-compile" >&2; exit 1; }
work=$(mktemp -d)
# The JVM start-up cache needs jars on the class path, not directories.
(cd target/test-classes && "${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/jar" cf "$work/hello.jar" io/k3j/bench/HelloHttps.class)
pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
export K3J_CACHE_DIR=$work/cache
export K3J_AOT_TRAIN_DELAY=0
: > "$work/empty.yaml"

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
wait_ready() { # pid port -> ms until /readyz answers 200
  local t0=$1 pid=$2 p=$3
  while :; do
    code=$(curl -sk --max-time 1 -o /dev/null -w '%{http_code}' "https://127.0.0.1:$p/readyz" || true)
    [ "$code" = 200 ] && { echo $(( $(now_ms) - t0 )); return; }
    kill -0 "$pid" 2>/dev/null || { echo "process died" >&2; exit 1; }
    sleep 0.005
  done
}
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
cpu_ms() { awk '{print ($14 + $15) * 10}' "/proc/$1/stat"; } # user + system, in 10 ms ticks
# RSS by kind of mapping, from pmap -x (resident MB): the AOT cache's read-only and read-write parts, the Java heap
# (compressed-oops heaps sit below 32 GB), the class space, the code cache (executable anonymous), glibc malloc
# arenas (64 MB-aligned), other anonymous memory (the main malloc heap, thread stacks, direct buffers), files.
rss_breakdown() {
  pmap -x "$1" | python3 -c '
import re, sys
kinds = {}
for line in sys.stdin:
    p = line.split()
    if len(p) < 6 or not re.match(r"^[0-9a-f]{16}$", p[0]):
        continue
    addr, rss, mode, name = int(p[0], 16), int(p[2]), p[4], " ".join(p[5:])
    if ".aot" in name or ".jsa" in name:
        kind = "cache-ro" if mode.startswith("r--") else "cache-rw"
    elif "anon" in name:
        kind = ("heap" if addr < 0x800000000 else "class-space" if addr < 0x900000000 else "code" if "x" in mode
                else "malloc-arenas" if addr % (64 << 20) == 0 else "anon-other")
    else:
        kind = "files"
    kinds[kind] = kinds.get(kind, 0) + rss
print(" ".join("%s %.0f" % (k, v / 1024) for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])))'
}
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }

run_k3j() { # data-dir -> "ms rss"
  local d=$1 p; p=$(port)
  local t0; t0=$(now_ms)
  "$k3j" server -c "$work/empty.yaml" -d "$d" --https-listen-port "$p" --bind-address 127.0.0.1 \
     -o "$d/kubeconfig.yaml" --node-name bench >"$work/log" 2>&1 &
  local pid=$!; pids+=("$pid")
  local ms; ms=$(wait_ready "$t0" "$pid" "$p")
  local cpu; cpu=$(cpu_ms "$pid")
  local rss=""
  if [ "${measure_rss:-0}" = 1 ]; then sleep 10; rss="$(rss_mb "$pid") $(rss_breakdown "$pid")"; fi
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  echo "$ms $cpu $rss"
}

run_hello() {
  local p; p=$(port)
  local t0; t0=$(now_ms)
  K3J_LAUNCH_MAIN=io.k3j.bench.HelloHttps K3J_LAUNCH_CLASSPATH=$work/hello.jar \
    "$k3j" "$p" "$work/tls/server/tls/serving-kube-apiserver.crt" "$work/tls/server/tls/serving-kube-apiserver.key" >"$work/hello.log" 2>&1 &
  local pid=$!; pids+=("$pid")
  local ms; ms=$(wait_ready "$t0" "$pid" "$p")
  local cpu; cpu=$(cpu_ms "$pid")
  local rss=""
  if [ "${measure_rss:-0}" = 1 ]; then sleep 10; rss="$(rss_mb "$pid") $(rss_breakdown "$pid")"; fi
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  echo "$ms $cpu $rss"
}

echo "k3j boot benchmark: $runs runs each, medians; $(nproc) cores; java: $(sed -n 's/^JAVA_VERSION=//p' "${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/release" 2>/dev/null)"
# Warm-up: the first starts write the start-up caches (k3j and hello) and a data dir for the certs.
run_k3j "$work/tls" >/dev/null
run_hello >/dev/null
run_hello >/dev/null
run_k3j "$work/warm" >/dev/null
# The first server of a build trains the start-up cache in the background: measure with it in place.
if [ "$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/release")" -ge 25 ]; then
  for _ in $(seq 240); do ls "$K3J_CACHE_DIR"/k3j-server-*.aot >/dev/null 2>&1 && break; sleep 0.5; done
  ls "$K3J_CACHE_DIR"/k3j-server-*.aot >/dev/null 2>&1 || echo "warning: no start-up cache was trained" >&2
fi

first=(); restart=(); hello=(); restart_cpu=(); hello_cpu=()
for i in $(seq "$runs"); do first+=("$(run_k3j "$work/first-$i" | cut -d' ' -f1)"); done
for i in $(seq "$runs"); do r=$(run_k3j "$work/warm"); restart+=("${r%% *}"); restart_cpu+=("$(echo "$r" | cut -d' ' -f2)"); done
for i in $(seq "$runs"); do r=$(run_hello); hello+=("${r%% *}"); hello_cpu+=("$(echo "$r" | cut -d' ' -f2)"); done
measure_rss=1
k3j_rss=$(run_k3j "$work/warm" | cut -d' ' -f3-)
hello_rss=$(run_hello | cut -d' ' -f3-)

m_first=$(printf '%s\n' "${first[@]}" | median)
m_restart=$(printf '%s\n' "${restart[@]}" | median)
m_hello=$(printf '%s\n' "${hello[@]}" | median)
printf '%-44s %8s ms   (runs: %s)\n' "k3j start -> /readyz, existing data dir" "$m_restart" "${restart[*]}"
printf '%-44s %8s ms   (runs: %s)\n' "k3j start -> /readyz, first boot (new PKI)" "$m_first" "${first[*]}"
printf '%-44s %8s ms   (runs: %s)\n' "Vert.x HTTPS hello-world (JVM floor)" "$m_hello" "${hello[*]}"
printf '%-44s %8s\n' "k3j restart / floor ratio" "$(awk -v a="$m_restart" -v b="$m_hello" 'BEGIN{printf "%.2f", a/b}')"
printf '%-44s %8s ms   (runs: %s)\n' "k3j CPU until /readyz, existing data dir" "$(printf '%s\n' "${restart_cpu[@]}" | median)" "${restart_cpu[*]}"
printf '%-44s %8s ms   (runs: %s)\n' "hello-world CPU until /readyz" "$(printf '%s\n' "${hello_cpu[@]}" | median)" "${hello_cpu[*]}"
printf '%-44s %8s MB   (%s)\n' "k3j RSS 10 s after boot" "${k3j_rss%% *}" "${k3j_rss#* }"
printf '%-44s %8s MB   (%s)\n' "hello-world RSS 10 s after boot" "${hello_rss%% *}" "${hello_rss#* }"
printf '%-44s %8s\n' "load average (1 min) at the end" "$(cut -d' ' -f1 /proc/loadavg)"
