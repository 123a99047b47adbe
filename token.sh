#!/usr/bin/env bash
# Prints a bearer token for the LOCAL stack (./run.sh), signed with the key it created on first start
# (DATA/keys/jwt-private.pem, DATA = $THIDUA_DATA_DIR or ./data). The services accept that key only in the
# 'local' profile, which ./run.sh sets; a deployment takes tokens from its identity provider instead.
#
#   ./token.sh PROVINCE_ADMIN                 the province's emulation office (subject province_admin)
#   ./token.sh UNIT_REPORTER PTP-213          the reporter of a unit (the unit is required)
#   ./token.sh ANALYST | AUDITOR
#   ./token.sh OPERATOR                       whoever runs the services: metrics (/actuator/metrics, /actuator/prometheus)
#   ./token.sh ROLE [unitId] [subject]        another subject (recorded on every event it causes)
#   ./token.sh ROLE ... --province 19         a caller of another province (GSO code), or of the Ministry (--province BTP);
#                                             without it the token names no province: the services read it as province 24
#
#   ADMIN=$(./token.sh PROVINCE_ADMIN)
#   curl -H "Authorization: Bearer $ADMIN" ...
#
# Valid 8 hours. Runs vn.thidua.security.LocalTokens from local-stack/target/lib (built by ./run.sh).
set -euo pipefail

cd "$(dirname "$0")"
VERSION=0.1.0-SNAPSHOT
ROLES="PROVINCE_ADMIN UNIT_REPORTER ANALYST AUDITOR OPERATOR"

usage() {
    echo "usage: ./token.sh ROLE [unitId] [subject] [--province CODE|BTP]    ROLE: ${ROLES// /, }" >&2
    echo "       e.g. ./token.sh PROVINCE_ADMIN, ./token.sh UNIT_REPORTER PTP-213, ./token.sh ANALYST --province BTP" >&2
}

# --province CODE may come anywhere; it is passed on last, as LocalTokens reads it wherever it is
PROVINCE=()
ARGS=()
while [ $# -gt 0 ]; do
    if [ "$1" = --province ]; then
        if [ -z "${2:-}" ] || ! [[ "$2" =~ ^([0-9]{2}|BTP)$ ]]; then
            echo "token.sh: --province takes a 2-digit province code (e.g. 24) or BTP (the Ministry)" >&2
            exit 2
        fi
        PROVINCE=(--province "$2")
        shift 2
    else
        ARGS+=("$1")
        shift
    fi
done
set -- "${ARGS[@]+"${ARGS[@]}"}"

case "${1:-}" in
    -h|--help) usage; exit 0 ;;
    "") usage; exit 2 ;;
esac
if [[ " $ROLES " != *" $1 "* ]]; then
    echo "token.sh: unknown role '$1'" >&2
    usage
    exit 2
fi
if [ "$1" = UNIT_REPORTER ] && [ -z "${2:-}" ]; then
    echo "token.sh: a UNIT_REPORTER token names its unit, e.g. ./token.sh UNIT_REPORTER PTP-213" >&2
    exit 2
fi
if [ $# -gt 3 ]; then
    usage
    exit 2
fi

DATA="${THIDUA_DATA_DIR:-./data}"
KEYS="$DATA/keys"
if [ ! -f "$KEYS/jwt-private.pem" ]; then
    echo "token.sh: no local signing key at $KEYS/jwt-private.pem." >&2
    echo "  Tokens are minted only for a local stack: ./run.sh creates the key on its first start" >&2
    echo "  (a stack with another data directory: THIDUA_DATA_DIR=<that directory> ./token.sh ...)." >&2
    echo "  A deployment takes its tokens from the identity provider (THIDUA_JWT_ISSUER_URI)." >&2
    exit 1
fi

LIB="local-stack/target/lib"
if ! ls "$LIB"/security-"$VERSION".jar "$LIB"/nimbus-jose-jwt-*.jar >/dev/null 2>&1; then
    echo "token.sh: $LIB has no security / nimbus-jose-jwt jar: build first (./run.sh does," \
        "or ./mvnw -q install -DskipTests -pl security,local-stack)" >&2
    exit 1
fi

# the key directory and the role come first, as LocalTokens takes them
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx64m \
    -cp "$LIB/security-$VERSION.jar:$(ls "$LIB"/nimbus-jose-jwt-*.jar | head -n 1)" \
    vn.thidua.security.LocalTokens "$KEYS" "$@" "${PROVINCE[@]+"${PROVINCE[@]}"}"
