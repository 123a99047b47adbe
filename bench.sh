#!/usr/bin/env bash
# The ingest benchmark, one command: builds what it needs if out of date, starts the whole stack (embedded
# MongoDB-wire server + Kafka + command-service + query-service) on a fresh temporary data directory and free
# ports, sets up movements with key tasks and enrolled units through the API (not measured), then drives
# RecordTaskResult commands over HTTP with 16 concurrent closed-loop clients — each a new result (unit × key task ×
# period), one new event — and prints commands/s, latency p50/p99, freshness p50/p99 (201 → the result's cell on the
# key-task board) at ~10k and ~200k stored events, then stops the stack and deletes its data.
# Every request carries a bearer token minted with the stack's own local key (a PROVINCE_ADMIN per client for the
# setup, the UNIT_REPORTER of the result's unit for each RecordTaskResult, with an Idempotency-Key; an ANALYST for the
# freshness probe); the stack runs with THIDUA_RATE_LIMIT_PER_MINUTE=10000000, so the rate limit never answers 429.
#
#   ./bench.sh                 the full run (several minutes: most of it is loading 200k events)
#   ./bench.sh --quick         a short smoke run (5 s measurements at ~2k and ~20k events) to check the harness
#   ./bench.sh --load enrol    the EnrollUnit load of the earlier runs (before RecordTaskResult existed), to compare
#   ./bench.sh --help          all options (load, clients, movements/units/tasks, durations, event counts, sampling,
#                              an already running stack)
#   ./bench.sh boards          the board-query benchmark instead (national scale; see docs/benchmarks.md)
#   ./bench.sh rebuild         the rebuild benchmark: stores 1,000,000 events, then measures a raw Kafka
#                              consume, the rebuild of every projection and a raw MongoDB bulk write of the documents
#                              it wrote in the same run, and times a board as of an instant (asOf=) of the movement
#                              with the most events (./bench.sh rebuild --help for its options, e.g. --events 50000)
#   ./bench.sh fsync           the cost of the embedded store's --fsync (ADR 0013): the store as its own process and
#                              1 and 16 closed-loop clients inserting one event-sized document per commit, with and
#                              without --fsync, alternating (off on off on off on): commits/s, p50/p99, inserts per
#                              group commit and fsyncs per insert of each run, the median and range of each side
#                              (~3 min; ./bench.sh fsync --help for its options)
#   ./bench.sh fsync --stack   the same A/B through the whole command path: the ingest load (--quick sizes, 10 s
#                              measurements) three times with THIDUA_MONGO_FSYNC=off and three times with =on,
#                              interleaved (~20 min on a quiet machine; more options are passed to each run)
#   ./bench.sh compare         the peer (Axon + JDBC + PostgreSQL, from PEER_DIR, built in a temporary copy) and this
#                              stack back to back, and the seven verdicts of the speed targets (~45 min;
#                              ./bench.sh compare --short is a smoke check; --help for its options)
#
# Results and how to read them: docs/benchmarks.md. THIDUA_BUILD=always forces the build, =never skips it.
# BENCH_JAVA_OPTS: JVM options of the load generator (default below).
set -euo pipefail

cd "$(dirname "$0")"
if [ "${1:-}" = "boards" ]; then
    # The board-query benchmark: national-scale data (10,000 communes, 700 units, 8 tasks x 40 periods)
    # written through the real projections, then p50/p99 of every board page and export over HTTP. Options as
    # system properties, e.g. ./bench.sh boards -Dbench.communes=1000 -Dbench.districts=70 -Dbench.periods=4
    shift
    exec ./mvnw -q -pl query-service -am test -Dbenchmarks=true -Dtest=BoardQueryBenchmark \
        -Dsurefire.failIfNoSpecifiedTests=false "$@"
fi
VERSION=0.1.0-SNAPSHOT
# module directory and the jar it builds (Maven rewrites a jar only when its module changed)
MODULE_JARS=(
    "shared-events:shared-events/target/shared-events-$VERSION.jar"
    "event-log:event-log/target/event-log-$VERSION.jar"
    "reference-data:reference-data/target/reference-data-$VERSION.jar"
    "projection-runtime:projection-runtime/target/projection-runtime-$VERSION.jar"
    "security:security/target/security-$VERSION.jar"
    "embedded-mongo:embedded-mongo/target/embedded-mongo-$VERSION.jar"
    "local-stack:local-stack/target/local-stack-$VERSION.jar"
    "command-service:command-service/target/command-service-$VERSION-exec.jar"
    "query-service:query-service/target/query-service-$VERSION-exec.jar"
    "benchmark:benchmark/target/benchmark-$VERSION.jar"
)
MODULES=shared-events,security,embedded-mongo,local-stack,command-service,query-service,benchmark

needs_build() {
    local entry module jar newer newest=""
    for entry in "${MODULE_JARS[@]}"; do
        module=${entry%%:*}
        jar=${entry#*:}
        [ -f "$jar" ] || { echo "missing $jar"; return 0; }
        newer=$(find "$module/pom.xml" "$module/src/main" -newer "$jar" -type f -print -quit 2>/dev/null || true)
        if [ -n "$newer" ]; then echo "$newer is newer than $jar"; return 0; fi
        if [ -z "$newest" ] || [ "$jar" -nt "$newest" ]; then newest="$jar"; fi
    done
    if [ pom.xml -nt "$newest" ]; then echo "pom.xml is newer than every jar"; return 0; fi
    [ -d local-stack/target/lib ] && [ -d benchmark/target/lib ] || { echo "missing target/lib"; return 0; }
    return 1
}

# ./bench.sh rebuild …: the rebuild benchmark's main class in the same jar (its manifest's class path still applies)
MAIN=()
FSYNC_AB=""
if [ "${1:-}" = "fsync" ] && [ "${2:-}" = "--stack" ]; then
    shift 2
    FSYNC_AB=1
elif [ "${1:-}" = "fsync" ]; then
    shift
    MAIN=(vn.thidua.benchmark.FsyncBenchmark)
elif [ "${1:-}" = "rebuild" ]; then
    shift
    MAIN=(vn.thidua.benchmark.RebuildBenchmark)
elif [ "${1:-}" = "compare" ]; then
    shift
    MAIN=(vn.thidua.benchmark.CompareBenchmark)
fi
for arg in "$@"; do
    case "$arg" in -h|--help) THIDUA_BUILD=never ;; esac
done
case "${THIDUA_BUILD:-auto}" in
    always) reason="THIDUA_BUILD=always" ;;
    never)  reason="" ;;
    *)      reason=$(needs_build || true) ;;
esac
if [ -n "$reason" ]; then
    # only the modules the benchmark runs, without running tests (they are compiled: query-service's tests need
    # projection-runtime's test jar to resolve); -DskipTests also switches off the OpenAPI lint, whose document
    # only the tests write. `package` in one reactor, not `install`: the shared ~/.m2 snapshots stay untouched
    echo "[bench.sh] building ($reason): ./mvnw -q -DskipTests package -pl $MODULES -am"
    ./mvnw -q -DskipTests package -pl "$MODULES" -am
fi

if git rev-parse --short HEAD >/dev/null 2>&1; then
    echo "[bench.sh] code: commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes')"
fi
# Run from a copy of the benchmark jar: a build started meanwhile (other work on this checkout) rewrites
# benchmark/target, which would break a running JVM. (The benchmark copies the stack's jars the same way.)
RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/thidua-bench-run-XXXXXX")
trap 'rm -rf "$RUN_DIR"' EXIT
cp -r "benchmark/target/benchmark-$VERSION.jar" benchmark/target/lib "$RUN_DIR/"

# The load generator runs on the same 2 cores as the stack: a small heap and the serial collector keep its own
# CPU use low (its share is printed with every measurement). Ctrl-C / SIGTERM reach it as SIGTERM: it then stops
# the stack and deletes its data.
if [ -n "$FSYNC_AB" ]; then
    # A/B of the store's fsync, interleaved so that a change of the machine's load hits both sides alike. Each run
    # keeps its data directory until its figures are read: the store's log says how many fsyncs it made.
    echo "[bench.sh] fsync A/B; the stack's data on: $(df -h --output=source,fstype "${TMPDIR:-/tmp}" | tail -1)"
    results="$RUN_DIR/fsync-results.txt"
    : > "$results"
    for round in 1 2 3; do
        for fsync in off on; do
            data="$RUN_DIR/data-$fsync-$round"
            out="$RUN_DIR/run-$fsync-$round.txt"
            echo "[bench.sh] run $round, THIDUA_MONGO_FSYNC=$fsync"
            THIDUA_MONGO_FSYNC=$fsync java ${BENCH_JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC} \
                -jar "$RUN_DIR/benchmark-$VERSION.jar" --quick --duration 10 --data-dir "$data" --keep-data "$@" > "$out" 2>&1
            rc=$?
            # each measurement (at ~2k and at ~20k stored events): throughput, then latency p50/p99
            figures=$(awk '/^---- at /{name=$3; sub(/:$/, "", name)} /^  throughput:/{rate=$2} /^  latency \(all requests\)/{
                printf "[at %s: %s cmd/s, p50 %s ms, p99 %s ms] ", name, rate, $5, $11}' "$out")
            stats=$(grep -h "since start:" "$data/logs/mongo.log" 2>/dev/null | tail -1 | sed -E 's/.*since start: //')
            echo "fsync=$fsync round=$round rc=$rc $figures store: $stats" | tee -a "$results"
            rm -rf "$data"
        done
    done
    echo
    cat "$results"
    cp "$results" "${TMPDIR:-/tmp}/thidua-fsync-results.txt"
    echo "[bench.sh] full output of each run was in $RUN_DIR (deleted); results copied to ${TMPDIR:-/tmp}/thidua-fsync-results.txt"
    exit 0
fi

set +e
if [ ${#MAIN[@]} -gt 0 ]; then
    java ${BENCH_JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC} -cp "$RUN_DIR/benchmark-$VERSION.jar" "${MAIN[@]}" "$@" &
else
    java ${BENCH_JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC} -jar "$RUN_DIR/benchmark-$VERSION.jar" "$@" &
fi
child=$!
trap 'kill -TERM "$child" 2>/dev/null' INT TERM
wait "$child"; rc=$?
while kill -0 "$child" 2>/dev/null; do wait "$child"; rc=$?; done
exit "$rc"
