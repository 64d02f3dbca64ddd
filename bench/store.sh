#!/usr/bin/env bash
# Datastore benchmark: compiles the test sources and runs io.k3j.bench.StoreBench on SQLite, and on PostgreSQL
# when K3J_TEST_POSTGRES is set (see .ci/postgres.sh). Prints one figure per line (medians of three runs).
# BENCH_MILLIS sets the length of each run (default 3000).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp="target/test-classes:target/classes:$(cat target/bench.classpath)"
run() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dbench.millis="${BENCH_MILLIS:-3000}" \
          -Djava.util.logging.config.file=/dev/null -cp "$cp" io.k3j.bench.StoreBench "$@"; }
run sqlite
if [ -n "${K3J_TEST_POSTGRES:-}" ]; then
  run postgres "$K3J_TEST_POSTGRES"
else
  echo "(PostgreSQL skipped: set K3J_TEST_POSTGRES, e.g. postgres://k3j:k3j@127.0.0.1:5432/k3j_test)"
fi
