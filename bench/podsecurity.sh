#!/usr/bin/env bash
# PodSecurity benchmark: compiles the test sources and runs io.k3j.bench.PodSecurityBench (one restricted
# evaluation, compliant and violating, and the whole plugin on a pod CREATE; p50/p99). Optional argument: calls.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
"$JAVA_HOME/bin/java" -Djava.util.logging.config.file=/dev/null \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.k3j.bench.PodSecurityBench "$@"
