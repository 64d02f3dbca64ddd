#!/usr/bin/env bash
# Add-on benchmark (issue 7): io.k3j.bench.AddonsBench in one JVM with an in-process k3j (in-memory datastore):
# Helm native library load cost, manifest file -> objects present, HelmChart -> 20-object release deployed.
#   bench/addons.sh [repetitions]     (build first: ./mvnw -B -DskipTests package test-compile)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx1g \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.k3j.bench.AddonsBench "$work" "${1:-15}" 2>"$work/log" \
  || { tail -50 "$work/log"; exit 1; }
