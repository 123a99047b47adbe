#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine:
#   1. `docker-compose config -q` (Debian's docker-compose package, installed with apt-get if missing);
#   2. the environment variables compose hands to the services (MONGODB_URI, KAFKA_BOOTSTRAP_SERVERS,
#      SERVER_PORT) are the ones the services read in their configuration file (src/main/resources/
#      application.yml or <service>.yml, as ${NAME:...} / ${NAME}).
# Usage: .ci/validate-compose.sh   (from anywhere; exit code 0 = valid)
set -euo pipefail

cd "$(dirname "$0")/.."
fail=0

if ! command -v docker-compose >/dev/null 2>&1 && ! docker compose version >/dev/null 2>&1; then
    echo "docker-compose not found - installing Debian's docker-compose package"
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq docker-compose >/dev/null
fi
if command -v docker-compose >/dev/null 2>&1; then
    COMPOSE=(docker-compose)
else
    COMPOSE=(docker compose)
fi

echo "== ${COMPOSE[*]} -f docker-compose.yml config -q"
if "${COMPOSE[@]}" -f docker-compose.yml config -q; then
    echo "OK: docker-compose.yml is valid"
else
    echo "FAIL: docker-compose.yml is invalid"
    fail=1
fi

echo "== environment variable names: compose vs the services' configuration files"
for service in command-service query-service; do
    # application.yml, or the service's own spring.config.name (e.g. command-service.yml)
    configs=()
    for f in "$service/src/main/resources/application.yml" "$service/src/main/resources/application.yaml" \
             "$service/src/main/resources/$service.yml" "$service/src/main/resources/$service.yaml"; do
        if [ -f "$f" ]; then configs+=("$f"); fi
    done
    if [ "${#configs[@]}" -eq 0 ]; then
        echo "FAIL: neither $service/src/main/resources/application.yml nor $service/src/main/resources/$service.yml exists (yet)" \
             "- cannot check that $service reads MONGODB_URI, KAFKA_BOOTSTRAP_SERVERS, SERVER_PORT"
        fail=1
        continue
    fi
    yml="${configs[*]}"
    for var in MONGODB_URI KAFKA_BOOTSTRAP_SERVERS SERVER_PORT; do
        ok=1
        # the name must be set for this service in docker-compose.yml ...
        if ! "${COMPOSE[@]}" -f docker-compose.yml config | awk -v svc="  $service:" '
                $0 == svc { inside = 1; next }
                inside && /^  [^ ]/ { inside = 0 }
                inside { print }' | grep -qE "^ +$var:"; then
            echo "FAIL: docker-compose.yml does not set $var for $service"
            ok=0
        fi
        # ... and read by the service as a placeholder ${VAR} or ${VAR:default}
        if ! grep -qE "\\\$\{$var(:[^}]*)?\}" "${configs[@]}"; then
            echo "FAIL: $yml does not read \${$var:...}"
            ok=0
        fi
        if [ "$ok" -eq 1 ]; then
            echo "OK: docker-compose.yml sets $var for $service and $yml reads \${$var...}"
        else
            fail=1
        fi
    done
done

if [ "$fail" -ne 0 ]; then
    echo "compose validation FAILED"
    exit 1
fi
echo "compose validation passed"
