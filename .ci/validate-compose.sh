#!/usr/bin/env bash
# Validates the compose files (docker-compose.yml: one node of each; docker-compose.production.yml: the production
# topology of docs/adr/0012-production-topology.md) without a Docker engine:
#   1. `docker-compose -f <file> config -q` (Debian's docker-compose package, installed with apt-get if missing);
#   2. every service built from one of our Dockerfiles (image thidua/<module>:...) gets MONGODB_URI,
#      KAFKA_BOOTSTRAP_SERVERS and SERVER_PORT, and every environment variable the file hands it is one its module
#      reads in its configuration file (src/main/resources/application.yml or <module>.yml, as ${NAME:...} / ${NAME}).
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

COMPOSE_FILES=(docker-compose.yml docker-compose.production.yml)
REQUIRED_VARS=(MONGODB_URI KAFKA_BOOTSTRAP_SERVERS SERVER_PORT)

# The configuration files of a module: application.yml, or its own spring.config.name (e.g. command-service.yml).
module_configs() {
    local module="$1" f
    for f in "$module/src/main/resources/application.yml" "$module/src/main/resources/application.yaml" \
             "$module/src/main/resources/$module.yml" "$module/src/main/resources/$module.yaml"; do
        if [ -f "$f" ]; then echo "$f"; fi
    done
}

# From the resolved file (`config` output): one line "<service> <module> <VAR>" per environment variable of each
# service whose image is thidua/<module>:..., and "<service> <module> -" for one without any.
service_variables() {
    awk '
        function flush() {
            if (svc != "" && module != "") {
                if (nvars == 0) { print svc, module, "-" }
                for (i = 1; i <= nvars; i++) { print svc, module, vars[i] }
            }
            svc = ""; module = ""; nvars = 0; inenv = 0
        }
        /^[^ ]/ { flush(); inservices = ($0 == "services:"); next }
        !inservices { next }
        /^  [^ ]/ { flush(); svc = $1; sub(/:$/, "", svc); next }
        /^    [^ ]/ {
            inenv = ($1 == "environment:")
            if ($1 == "image:" && $2 ~ /^thidua\//) { module = $2; sub(/^thidua\//, "", module); sub(/:.*$/, "", module) }
            next
        }
        inenv && /^      [A-Za-z_][A-Za-z0-9_]*:/ { v = $1; sub(/:$/, "", v); vars[++nvars] = v }
        END { flush() }'
}

for file in "${COMPOSE_FILES[@]}"; do
    echo "== ${COMPOSE[*]} -f $file config -q"
    if ! "${COMPOSE[@]}" -f "$file" config -q; then
        echo "FAIL: $file is invalid"
        fail=1
        continue
    fi
    echo "OK: $file is valid"

    echo "== $file: environment variables handed to our services vs their modules' configuration files"
    resolved="$("${COMPOSE[@]}" -f "$file" config)"
    pairs="$(service_variables <<<"$resolved")"
    if [ -z "$pairs" ]; then
        echo "FAIL: $file has no service with an image thidua/<module>:..."
        fail=1
        continue
    fi
    for service in $(awk '{ print $1 }' <<<"$pairs" | sort -u); do
        module="$(awk -v s="$service" '$1 == s { print $2; exit }' <<<"$pairs")"
        mapfile -t configs < <(module_configs "$module")
        if [ "${#configs[@]}" -eq 0 ]; then
            echo "FAIL: $service: neither $module/src/main/resources/application.yml nor $module/src/main/resources/$module.yml exists"
            fail=1
            continue
        fi
        set_vars="$(awk -v s="$service" '$1 == s && $3 != "-" { print $3 }' <<<"$pairs")"
        for var in "${REQUIRED_VARS[@]}"; do
            if ! grep -qx "$var" <<<"$set_vars"; then
                echo "FAIL: $file does not set $var for $service"
                fail=1
            fi
        done
        read_ok=0
        unread=()
        for var in $set_vars; do
            # read by the module as a placeholder ${VAR} or ${VAR:default}
            if grep -qE "\\\$\{$var(:[^}]*)?\}" "${configs[@]}"; then
                read_ok=$((read_ok + 1))
            else
                unread+=("$var")
            fi
        done
        if [ "${#unread[@]}" -eq 0 ]; then
            echo "OK: $service ($module): all $read_ok variables $file sets are read by ${configs[*]}"
        else
            echo "FAIL: $service ($module): $file sets ${unread[*]}, which ${configs[*]} does not read"
            fail=1
        fi
    done
done

if [ "$fail" -ne 0 ]; then
    echo "compose validation FAILED"
    exit 1
fi
echo "compose validation passed"
