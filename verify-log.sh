#!/usr/bin/env bash
# Verifies an export of the event log offline: every event hash, every stream link, every checkpoint.
#
#   AUDITOR=$(./token.sh AUDITOR)
#   curl -sf -H "Authorization: Bearer $AUDITOR" http://127.0.0.1:8081/api/v1/audit/log > log.jsonl
#   ./verify-log.sh log.jsonl
#
#   ./verify-log.sh log.jsonl --keys data/keys/checkpoint-public.pem --bootstrap 127.0.0.1:9092
#
# Prints "OK: P positions, E events, C checkpoints verified" (exit 0) or one line
# "BROKEN at position P (aggregate A, sequence S, event E): reason" per broken link, the first one first, and
# "N broken links in ..." (exit 1); exit 2 when the file is unreadable.
# With --keys (the public key(s) of the checkpoint signatures) and --bootstrap (the Kafka broker; --topic, default
# thidua.checkpoints) it also checks the signed checkpoints of the checkpoint topic and compares the log with them
# (docs/integrity.md, ADR 0014): a log rewritten consistently in the database, checkpoints included, is then named;
# exit 3 when the topic cannot be read. Without them a last line "NOT ANCHORED: ..." says the log was only shown
# consistent, not authentic.
#
# Runs vn.thidua.eventlog.integrity.VerifyLog from event-log/target (built here if missing: ./mvnw -q package
# -DskipTests -pl event-log -am; THIDUA_BUILD=always forces it).
set -euo pipefail

VERSION=0.1.0-SNAPSHOT
JAR="event-log/target/event-log-$VERSION.jar"

usage() {
    echo "usage: ./verify-log.sh <export.jsonl> [--keys public.pem[,more.pem]] [--bootstrap host:port] [--topic thidua.checkpoints]" >&2
}

case "${1:-}" in
    -h|--help) usage; exit 0 ;;
    "") usage; exit 2 ;;
esac
if [ ! -r "$1" ]; then
    echo "verify-log.sh: cannot read $1" >&2
    exit 2
fi
FILE="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
shift
# key files relative to where the command was run
ARGS=()
while [ $# -gt 0 ]; do
    if [ "$1" = --keys ] && [ $# -gt 1 ]; then
        KEYS=()
        IFS=, read -ra PARTS <<< "$2"
        for k in "${PARTS[@]}"; do
            KEYS+=("$(cd "$(dirname "$k")" && pwd)/$(basename "$k")")
        done
        ARGS+=(--keys "$(IFS=,; echo "${KEYS[*]}")")
        shift 2
    else
        ARGS+=("$1")
        shift
    fi
done
cd "$(dirname "$0")"

if [ "${THIDUA_BUILD:-auto}" = always ] || [ ! -f "$JAR" ] || [ ! -d event-log/target/lib ]; then
    echo "[verify-log.sh] building event-log: ./mvnw -q package -DskipTests -pl event-log -am" >&2
    ./mvnw -q package -DskipTests -pl event-log -am >&2
fi

exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -jar "$JAR" "$FILE" ${ARGS[@]+"${ARGS[@]}"}
