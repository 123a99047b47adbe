#!/usr/bin/env bash
# Operator command: sends log positions N..M to the event topic again, in their original envelopes, after the topic
# was lost or truncated; the projections apply what they missed and skip what they had (docs/faults.md, ADR 0014).
#
#   ./republish.sh                     every position published so far (1 .. the publisher's cursor)
#   ./republish.sh --from 1200 --to 1500
#
# It runs as the publisher for the time it takes (it takes the publisher lease over and fences the live publisher's
# batch in flight), so a stream is never reordered; publication of new commits resumes after it. Safe to run twice.
# Reads the services' settings from the environment: MONGODB_URI (default mongodb://127.0.0.1:27017),
# MONGODB_DATABASE (thidua_events), KAFKA_BOOTSTRAP_SERVERS (127.0.0.1:9092), THIDUA_TOPIC (thidua.events),
# THIDUA_TOPIC_PARTITIONS (6) and THIDUA_TOPIC_REPLICATION (1) if it must create the topic, THIDUA_PUBLICATION_LEASE (10s).
# Exit 0 done, 1 refused or failed (the reason on stderr), 2 bad usage.
#
# Runs vn.thidua.eventlog.publication.Republish from event-log/target (built here if missing: ./mvnw -q package
# -DskipTests -pl event-log -am; THIDUA_BUILD=always forces it).
set -euo pipefail

VERSION=0.1.0-SNAPSHOT
cd "$(dirname "$0")"
JAR="event-log/target/event-log-$VERSION.jar"

if [ "${THIDUA_BUILD:-auto}" = always ] || [ ! -f "$JAR" ] || [ ! -d event-log/target/lib ]; then
    echo "[republish.sh] building event-log: ./mvnw -q package -DskipTests -pl event-log -am" >&2
    ./mvnw -q package -DskipTests -pl event-log -am >&2
fi

exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -cp "$JAR" vn.thidua.eventlog.publication.Republish "$@"
