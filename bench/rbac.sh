#!/usr/bin/env bash
# RBAC benchmark: compiles the test sources and runs io.k3j.bench.RbacBench (allowedResource p50/p99 with the
# bootstrap policy plus 1,000 bindings loaded; index update cost). Optional argument: measured decisions.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
"$JAVA_HOME/bin/java" -Djava.util.logging.config.file=/dev/null \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.k3j.bench.RbacBench "$@"
