#!/usr/bin/env bash
# The fault suite, one command: on a system of separate processes (the MongoDB-wire server, the Kafka broker, the
# command-service and the query-service, each its own JVM, the services reaching MongoDB and Kafka through TCP proxies
# on loopback), it drives a generated scenario through the public API — every command kind, many units, concurrent
# clients, every POST with an Idempotency-Key and retried with it on any error or timeout — and injects one fault at a
# time at a random instant: SIGKILL of each process alone and of all four at once (restarted 5 s later as an operator
# would), Kafka down 60 s, 500 ms of latency, connections cut mid-request and half-open connections to MongoDB and
# Kafka, a publisher paused past its lease while a second instance takes over, one instance of each service killed,
# the store's disk full (a tmpfs mounted and filled; where mounts are forbidden, the store's test-only switch).
# After each fault it checks: every command answered 2xx is in the event log exactly once and applied exactly once by
# every projection, the boards equal the suite's own fold of the accepted commands, a retry after a crash gets the
# first answer, no 5xx but 503 with Retry-After; and it prints a verdict per fault and the time to recover.
#
#   ./faults.sh                      every fault (about 30 minutes on 2 cores)
#   ./faults.sh --short              the short variant that also runs in ./mvnw verify (a few faults, ~3 minutes)
#   ./faults.sh kill-mongo,kafka-down-60s    only these faults (names: see the verdict table in docs/faults.md)
#   FAULTS_SEED=42 ./faults.sh       another random scenario and other instants (default seed 17)
#   FAULTS_NO_MOUNT=1 ./faults.sh disk-full   the disk-full fault with the store's test-only switch, not a tmpfs
#                                    (what it does by itself where mounts are forbidden)
#
# Report: system-tests/target/faults/report.md (report-short.md for --short); logs of every process:
# system-tests/target/system-tests/faults-*/logs/. Builds what it needs first (./mvnw package, tests skipped).
set -euo pipefail

cd "$(dirname "$0")"
which="all"
case "${1:-}" in
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    --short) which="" ;;
    "") ;;
    *) which="$1" ;;
esac
seed="${FAULTS_SEED:-17}"

echo "[faults.sh] building the jars the suite starts (./mvnw -q -pl system-tests -am package -DskipTests)"
./mvnw -q -pl system-tests -am package -DskipTests

if [ -z "$which" ]; then
    args=(-Dtest='FaultSuiteTest#theShortVariantPassesEveryFault')
else
    args=(-Dtest='FaultSuiteTest#theFullSuitePassesEveryFault' -Dthidua.faults="$which" -Dsystem-tests.timeout=6000)
fi
set +e
[ -n "${FAULTS_NO_MOUNT:-}" ] && args+=(-Dthidua.faults.mount=false)
./mvnw -pl system-tests -am test -Dsurefire.failIfNoSpecifiedTests=false -Dthidua.faults.seed="$seed" "${args[@]}" \
    | grep --line-buffered -E '^\[faults|Tests run:|FAIL|BUILD'
status=${PIPESTATUS[0]}
set -e
report=system-tests/target/faults/report.md
[ -z "$which" ] && report=system-tests/target/faults/report-short.md
[ -f "$report" ] && { echo; cat "$report"; }
exit "$status"
