#!/usr/bin/env bash
# Stops what scripts/start.sh started (services first, then the Redis it started).
source "$(dirname "$0")/lib.sh"

for name in monitoring employment courtyard redis; do
  pidfile="$RRMON_VAR/run/$name.pid"
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 75); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    log "$name: stopped"
  fi
  rm -f "$pidfile"
done
