#!/usr/bin/env bash
# Scheduling algorithm benchmark: compiles the test sources and runs io.k3j.bench.SchedulerBench (10,000 pods onto
# 100 nodes through the queue, default profile and assume; no API round trips). Arguments: [pods] [nodes].
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp="target/test-classes:target/classes:$(cat target/bench.classpath)"
"$JAVA_HOME/bin/java" -Xmx1g -Djava.util.logging.config.file=/dev/null -cp "$cp" io.k3j.bench.SchedulerBench "$@"
