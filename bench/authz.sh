#!/usr/bin/env bash
# Per-request security cost (issue 5): compiles the test sources and runs io.k3j.bench.AuthPathBench
# (authentication by client certificate or bearer token + impersonation check + the server's authorizer chain + the
# 403 text, with the bootstrap policy and 1,000 RBAC bindings loaded). Optional argument: measured requests.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
"$JAVA_HOME/bin/java" -Djava.util.logging.config.file=/dev/null \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.k3j.bench.AuthPathBench "$@"
