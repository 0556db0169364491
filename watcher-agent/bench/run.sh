#!/usr/bin/env bash
# watcher-agent/bench/run.sh - measures the packaged watcher-agent (RSS idle and while watching
# 10,000 files, close -> FileChanged latency p50/p99) against the local stack and prints a table.
# Not a test: nothing here asserts a figure. Needs the stack running (dev/stack up).
#   watcher-agent/bench/run.sh [files=10000] [latency-samples=300]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

set -a
# shellcheck source=../../dev/stack.env
source dev/stack.env
set +a

if [[ ! -f integration-service/target/quarkus-app/quarkus-run.jar || ! -f watcher-agent/target/quarkus-app/quarkus-run.jar ]]; then
  ./mvnw -B -q -DskipTests install -pl contracts -am
  ./mvnw -B -q -DskipTests package -pl integration-service,watcher-agent
fi
./mvnw -B -q test-compile -pl watcher-agent
./mvnw -B -q dependency:build-classpath -pl watcher-agent -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt

cd watcher-agent
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), \
$(free -g | awk '/Mem:/ {print $2}') GiB, Linux $(uname -r), $(java -version 2>&1 | head -1)"
exec java -Xmx512m -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dagent.jar=target/quarkus-app/quarkus-run.jar -Dagent.jvm-options=src/main/jvm/jvm.options \
  -Dintegration-service.jar=../integration-service/target/quarkus-app/quarkus-run.jar -Dtest.work-dir=target/bench \
  -cp "target/test-classes:$(cat target/bench-classpath.txt)" dev.externalfiles.watcher.bench.Benchmark "$@"
