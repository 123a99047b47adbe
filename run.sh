#!/usr/bin/env bash
# One command to run the whole stack locally, no Docker needed:
#   embedded MongoDB-wire server (:27017) + Kafka broker (:9092) + command-service (:8081) + query-service (:8082),
#   which serves the web app at http://localhost:8082/app/ (its READY line prints the address).
#
#   ./run.sh                 build if needed, start everything, Ctrl-C stops everything (data kept in ./data)
#   ./run.sh --infra-only    only MongoDB-wire server + Kafka
#   ./run.sh --help          all options (ports, --data-dir, MONGODB_URI / KAFKA_BOOTSTRAP_SERVERS to use external ones)
#
# Build: `./mvnw -q -DskipTests install` runs only when a jar is missing or any pom.xml / src file is newer than
# the oldest of the three jars. THIDUA_BUILD=always forces it, THIDUA_BUILD=never skips it.
# Logs of the child processes: DATA/logs/*.log (DATA = $THIDUA_DATA_DIR or ./data).
set -euo pipefail

cd "$(dirname "$0")"
VERSION=0.1.0-SNAPSHOT
JARS=(
    "local-stack/target/local-stack-$VERSION.jar"
    "command-service/target/command-service-$VERSION-exec.jar"
    "query-service/target/query-service-$VERSION-exec.jar"
)

needs_build() {
    local jar oldest=""
    for jar in "${JARS[@]}"; do
        [ -f "$jar" ] || { echo "missing $jar"; return 0; }
        if [ -z "$oldest" ] || [ "$jar" -ot "$oldest" ]; then oldest="$jar"; fi
    done
    [ -d local-stack/target/lib ] || { echo "missing local-stack/target/lib"; return 0; }
    local newer
    newer=$(find pom.xml ./*/pom.xml ./*/src web-app/package.json web-app/package-lock.json web-app/vite.config.js \
        -newer "$oldest" -type f -print -quit 2>/dev/null || true)
    if [ -n "$newer" ]; then echo "$newer is newer than $oldest"; return 0; fi
    return 1
}

case "${THIDUA_BUILD:-auto}" in
    always) reason="THIDUA_BUILD=always" ;;
    never)  reason="" ;;
    *)      reason=$(needs_build || true) ;;
esac
if [ -n "$reason" ]; then
    # the web app (web-app/) is bundled from the npm registry's packages (pinned in package-lock.json; npm's cache serves
    # later builds offline): Node.js >= 20.19 and npm at build time only
    if ! command -v npm >/dev/null; then
        echo "[run.sh] building needs Node.js >= 20.19 and npm (the web app is bundled with them): install them, e.g." \
            "apt-get install nodejs npm, then run ./run.sh again" >&2
        exit 1
    fi
    echo "[run.sh] building ($reason): ./mvnw -q -DskipTests install"
    ./mvnw -q -DskipTests install
else
    echo "[run.sh] jars up to date, skipping the build (THIDUA_BUILD=always forces it)"
fi

# The launcher itself only supervises its children: a small heap is plenty.
exec java -Xmx64m -jar "local-stack/target/local-stack-$VERSION.jar" "$@"
