#!/bin/sh
# k3j: this file is a POSIX shell launcher with the k3j jar appended after the __JAR__ line.
# It finds a JDK >= 21 (JAVA_HOME, then PATH, then /usr/lib/jvm) and runs the jar in this file.
#
# JVM options and why:
#   -XX:+UseSerialGC            one GC thread and the smallest GC footprint: the control plane's heap
#                               is small and pauses stay in the low milliseconds (edge boxes, 2 cores).
#   -Xms16m                     a small first heap: the young generation is sized from it, and a
#                               large one is touched (RSS) before the first collection runs.
#   -XX:GCTimeRatio=19, Min/MaxHeapFreeRatio   grow the heap only while GC takes over 5% of the
#                               time, and give memory back after a burst: without them a burst of
#                               large LISTs grew the heap (and RSS) to 5.9 GB here and kept it.
#   -Xmx: 25% of RAM, at most 1 GiB   with the default (25% of 24 GiB) that burst of LISTs ran at
#                               80/s with 0.8 s medians; with a 512 MiB cap, 395/s at 0.16 s and 0.7 GB RSS.
#   -Xss512k / -XX:ReservedCodeCacheSize=64m / -XX:MaxMetaspaceSize    bound native memory (RSS).
#   -XX:TrimNativeHeapInterval=5000 (JDK 22+)   give memory that C library malloc holds free back to the OS every
#                               5 s. The JIT's compiler arenas peak at ~35 MB while a server warms up and are freed
#                               after, but glibc keeps freed memory in its per-thread arenas: RSS 10 s after boot was
#                               224 MB (median of 3) without it, 199 MB with it; 226 -> 209 MB at 30 s. A trim takes
#                               a few ms on a background thread. (MALLOC_ARENA_MAX=2 made no difference we could
#                               measure beside it, so it is not set.)
#   -XX:TieredStopAtLevel=1 is NOT used: C2 matters for API throughput after warm-up.
#   -XX:AOTCache (JDK 25+) / -XX:SharedArchiveFile (JDK 21-24)   a start-up cache under ~/.cache/k3j
#                               (see below): later starts map it instead of loading and verifying
#                               ~7,000 classes; boot to /readyz drops from ~3.3 s to ~1.5 s here. It is
#                               keyed by this file's size and mtime, so a new build retrains.
#   -XX:ArchiveRelocationMode=0 (diagnostic)   map the AOT cache at the address it was written for. The JDK's
#                               default relocates it to a random address, which rewrites pointers in its
#                               76 MB: ~45 MB of private dirty (anonymous) memory per server and the work of
#                               rewriting at every start. Mapped in place, the pages stay clean and shared
#                               with the file. (Falls back to relocation if the address is taken.)
#   K3J_JAVA_OPTS               appended last, so a user can override any of the above (e.g. -Xmx).
#   Measurements behind these choices: docs/boot-and-memory.md (bench/boot.sh).
set -e

self=$0
case "$self" in
  */*) ;;
  *) self=$(command -v -- "$self") ;;
esac
self=$(readlink -f -- "$self" 2>/dev/null || echo "$self")

java_feature() {
  # Prints the feature release of the JDK whose java binary is $1, from its release file (no JVM start).
  home=$(dirname -- "$(dirname -- "$(readlink -f -- "$1")")")
  if [ -r "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
    [ -n "$v" ] && { echo "$v"; return; }
  fi
  "$1" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p'
}

pick_java() {
  for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java 2>/dev/null || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      f=$(java_feature "$candidate")
      if [ -n "$f" ] && [ "$f" -ge 21 ]; then echo "$candidate $f"; return; fi
    fi
  done
  best=""; bestf=0
  for candidate in /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    f=$(java_feature "$candidate")
    if [ -n "$f" ] && [ "$f" -ge 21 ] && [ "$f" -gt "$bestf" ]; then best=$candidate; bestf=$f; fi
  done
  [ -n "$best" ] && echo "$best $bestf"
}

set -- "$@"
found=$(pick_java || true)
if [ -z "$found" ]; then
  echo "k3j: error: no Java 21+ runtime found (checked JAVA_HOME, PATH and /usr/lib/jvm)." >&2
  echo "k3j: install one, e.g. 'apt-get install openjdk-21-jre-headless' or Temurin 21/25, or set JAVA_HOME." >&2
  exit 1
fi
java=${found% *}
feature=${found##* }

# Heap cap: a quarter of the RAM, at most 1 GiB (a bounded heap keeps SerialGC pauses short; see above).
mem_kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo 2>/dev/null || echo 0)
heap_mb=$(( ${mem_kb:-0} / 4096 ))
[ "$heap_mb" -gt 1024 ] && heap_mb=1024
[ "$heap_mb" -lt 128 ] && heap_mb=128
opts="-XX:+UseSerialGC -Xms16m -Xmx${heap_mb}m -XX:GCTimeRatio=19 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=192m -XX:+ExitOnOutOfMemoryError"
opts="$opts -Dvertx.disableDnsResolver=true -Djava.util.logging.manager=io.k3j.log.RetainingLogManager"
if [ "$feature" -ge 22 ]; then
  opts="$opts -XX:TrimNativeHeapInterval=5000"
fi
if [ "$feature" -ge 24 ]; then
  # Netty and sqlite-jdbc use Unsafe/JNI on purpose; say so instead of printing warnings at every start.
  opts="$opts --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
fi

# Benchmarks start other main classes exactly as k3j starts (same JVM, options and CDS scheme).
main="-jar $self"
tag=k3j
if [ -n "${K3J_LAUNCH_MAIN:-}" ]; then
  main="-cp $self:${K3J_LAUNCH_CLASSPATH:-} $K3J_LAUNCH_MAIN"
  tag=$(echo "$K3J_LAUNCH_MAIN" | sed 's/.*\.//')
fi

# Start-up cache for `k3j server` (short commands gain nothing from one). JDK 25+: an AOT cache
# (JEP 483/514/515: classes loaded and linked, plus method profiles). When a build has none yet, the
# first `k3j server` starts without it and a background training run (`k3j aot-train`: a throwaway
# server on a temporary dir and a loopback port, output discarded) writes it for the next start.
# JDK 21-24: a dynamic CDS archive written when the first server exits.
cache=${K3J_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/k3j}
if { [ "${1:-}" = "server" ] || [ -n "${K3J_LAUNCH_MAIN:-}" ]; } && [ "${K3J_CDS:-1}" = "1" ] && mkdir -p "$cache" 2>/dev/null && [ -w "$cache" ]; then
  key=$(stat -c '%s-%Y' "$self" 2>/dev/null || echo 0)
  if [ "$feature" -ge 25 ]; then
    aot="$cache/$tag-server-$feature-$key.aot"
    if [ -f "$aot" ]; then
      opts="$opts -XX:AOTCache=$aot -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -Xlog:aot=off -Xlog:cds=off"
    elif [ -z "${K3J_LAUNCH_MAIN:-}" ] && { mkdir "$aot.lock" 2>/dev/null \
        || { [ -n "$(find "$aot.lock" -maxdepth 0 -mmin +10 2>/dev/null)" ] && rmdir "$aot.lock" && mkdir "$aot.lock"; }; }; then
      # (A lock older than ten minutes belongs to a training run that died: take it over.)
      # Train once per build, after this server has had its start to itself; drop older builds' caches.
      (
        set +e
        sleep "${K3J_AOT_TRAIN_DELAY:-20}"
        for old in "$cache/$tag-server-$feature-"*.aot "$cache/$tag-server-$feature-"*.aot.lock; do
          [ "$old" = "$aot.lock" ] && continue
          [ -f "$old" ] && rm -f "$old"
          [ -d "$old" ] && rmdir "$old" 2>/dev/null
        done
        # shellcheck disable=SC2086
        if "$java" $opts -XX:AOTCacheOutput="$aot.tmp" -Xlog:aot=off -Xlog:cds=off -jar "$self" aot-train >/dev/null 2>&1 \
           && [ -f "$aot.tmp" ]; then
          mv -f "$aot.tmp" "$aot"
        fi
        rm -f "$aot.tmp" "$aot.tmp.config"
        rmdir "$aot.lock" 2>/dev/null
      ) </dev/null >/dev/null 2>&1 &
    elif [ -n "${K3J_LAUNCH_MAIN:-}" ]; then
      opts="$opts -XX:AOTCacheOutput=$aot -Xlog:aot=off -Xlog:cds=off" # benchmarks only
    fi
  else
    jsa="$cache/$tag-server-$feature-$key.jsa"
    [ -f "$jsa" ] || for old in "$cache/$tag-server-$feature-"*.jsa; do [ -f "$old" ] && rm -f "$old"; done
    opts="$opts -XX:SharedArchiveFile=$jsa -XX:+AutoCreateSharedArchive -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
  fi
fi

# shellcheck disable=SC2086
exec "$java" $opts ${K3J_JAVA_OPTS:-} $main "$@"
exit 1
__JAR__
