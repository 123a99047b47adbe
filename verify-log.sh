#!/usr/bin/env bash
# Verifies an export of the event log offline: every event hash, every stream link, every checkpoint.
#
#   AUDITOR=$(./token.sh AUDITOR)
#   curl -sf -H "Authorization: Bearer $AUDITOR" http://127.0.0.1:8081/api/v1/audit/log > log.jsonl
#   ./verify-log.sh log.jsonl
#
# Prints "OK: P positions, E events, C checkpoints verified" (exit 0) or one line
# "BROKEN at position P (aggregate A, sequence S, event E): reason" per broken link, the first one first, and
# "N broken links in ..." (exit 1); exit 2 when the file is unreadable.
# Compare the checkpoint hashes in the export with copies kept elsewhere (docs/integrity.md): a verifier alone
# cannot tell a log from one rewritten entirely, checkpoints included.
#
# Runs vn.thidua.eventlog.integrity.VerifyLog from event-log/target (built here if missing: ./mvnw -q package
# -DskipTests -pl event-log -am; THIDUA_BUILD=always forces it).
set -euo pipefail

VERSION=0.1.0-SNAPSHOT
JAR="event-log/target/event-log-$VERSION.jar"

usage() {
    echo "usage: ./verify-log.sh <export.jsonl>    (the export of GET /api/v1/audit/log)" >&2
}

case "${1:-}" in
    -h|--help) usage; exit 0 ;;
    "") usage; exit 2 ;;
esac
if [ $# -ne 1 ]; then
    usage
    exit 2
fi
if [ ! -r "$1" ]; then
    echo "verify-log.sh: cannot read $1" >&2
    exit 2
fi
FILE="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
cd "$(dirname "$0")"

if [ "${THIDUA_BUILD:-auto}" = always ] || [ ! -f "$JAR" ] || [ ! -d event-log/target/lib ]; then
    echo "[verify-log.sh] building event-log: ./mvnw -q package -DskipTests -pl event-log -am" >&2
    ./mvnw -q package -DskipTests -pl event-log -am >&2
fi

exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -jar "$JAR" "$FILE"
