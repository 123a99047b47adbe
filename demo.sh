#!/usr/bin/env bash
# The demo scenario, one command: loads a realistic Bắc Giang 2018 season (six movements with their real legal basis,
# the eight illustrative key tasks, enrolments, support of all 230 communes with activities and criterion 18.5
# assessments, quarterly task results with corrections, returns and approvals), then a 2026 season after the reform
# of 1 July 2025 (the Ministry's movement reported by the merged Bắc Ninh and Thái Nguyên, the merged province's new
# communes supported; --season 2018|2026|all) into a running command-service,
# through its public API, each request with its sender's bearer token (the province admin, or the reporter of the unit
# concerned), minted with the local stack's key (DATA/keys, created by ./run.sh). Start the system first (./run.sh), then:
#
#   ./demo.sh                                  load into http://127.0.0.1:8081
#   ./demo.sh --command-url http://host:port   another command-service
#   ./demo.sh --key-dir DIR/keys               the key of a stack started with another data directory
#   ./demo.sh --dry-run                        what the scenario contains, nothing sent
#   ./demo.sh --help                           all options
#
# Every request carries a deterministic Idempotency-Key: running it again records nothing (all answers replayed).
# A 429 (rate limit per sender, THIDUA_RATE_LIMIT_PER_MINUTE of the services, 600 by default) is waited out: the
# province admin sends ~1,350 requests, so a stack started with THIDUA_RATE_LIMIT_PER_MINUTE=100000 loads faster.
# Build: `./mvnw -q install -DskipTests -pl reference-data,security,demo` when the jar is missing or a source of the
# three modules is newer than it; THIDUA_BUILD=always forces it, THIDUA_BUILD=never skips it.
# DEMO_JAVA_OPTS: JVM options of the loader (default below: it shares the 2 cores with the stack).
set -euo pipefail

cd "$(dirname "$0")"
VERSION=0.1.0-SNAPSHOT
JAR="demo/target/demo-$VERSION.jar"

needs_build() {
    [ -f "$JAR" ] || { echo "missing $JAR"; return 0; }
    [ -d demo/target/lib ] || { echo "missing demo/target/lib"; return 0; }
    local newer
    newer=$(find demo/pom.xml demo/src/main reference-data/pom.xml reference-data/src/main security/pom.xml security/src/main \
        -newer "$JAR" -type f -print -quit 2>/dev/null || true)
    if [ -n "$newer" ]; then echo "$newer is newer than $JAR"; return 0; fi
    return 1
}

for arg in "$@"; do
    case "$arg" in -h|--help) THIDUA_BUILD=never ;; esac
done
case "${THIDUA_BUILD:-auto}" in
    always) reason="THIDUA_BUILD=always" ;;
    never)  reason="" ;;
    *)      reason=$(needs_build || true) ;;
esac
if [ -n "$reason" ]; then
    # only the loader, the reference lists it reads and the token minting, without tests: a module being edited
    # elsewhere must not stop it
    echo "[demo.sh] building ($reason): ./mvnw -q install -DskipTests -pl reference-data,security,demo"
    ./mvnw -q install -DskipTests -pl reference-data,security,demo
fi

# Run from a copy of the jar and its lib/: a build started meanwhile (other work on this checkout) rewrites
# demo/target, which would break a running JVM.
RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/thidua-demo-run-XXXXXX")
trap 'rm -rf "$RUN_DIR"' EXIT
cp -r "$JAR" demo/target/lib "$RUN_DIR/"

set +e
java ${DEMO_JAVA_OPTS:--Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1} -Dfile.encoding=UTF-8 \
    -jar "$RUN_DIR/demo-$VERSION.jar" "$@" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' INT TERM
wait "$child"; rc=$?
while kill -0 "$child" 2>/dev/null; do wait "$child"; rc=$?; done
exit "$rc"
