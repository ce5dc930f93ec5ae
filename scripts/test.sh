#!/usr/bin/env bash
# Installs what is missing, builds everything with warnings as errors, checks the source
# (clang-format, clang -Wthread-safety, clang-tidy), and runs every test: the GoogleTest suites (which start their own Redis and services on loopback and
# stop them; no test uses PostgreSQL yet), the proto lint, and the Prometheus config and
# rule checks.
source "$(dirname "$0")/lib.sh"

install_dependencies
build ON

# Source checks no compiler run makes: formatting, the direction of includes between a
# service's layers, the lock annotations proved by clang's
# thread-safety analysis, and clang-tidy over the sources the last commit changed.
"$RRMON_ROOT/scripts/check_style.sh" format
"$RRMON_ROOT/scripts/check_style.sh" layers
"$RRMON_ROOT/scripts/check_style.sh" locks
"$RRMON_ROOT/scripts/check_style.sh" tidy-changed

log "proto lint (buf)"
"$RRMON_ROOT/scripts/buf.sh" lint "$RRMON_ROOT/proto"

log "prometheus config and rules"
if [ -f "$RRMON_ROOT/deploy/prometheus/prometheus.yml" ]; then
  promtool check config "$RRMON_ROOT/deploy/prometheus/prometheus.yml"
fi
for rules in "$RRMON_ROOT"/deploy/prometheus/*_test.yml; do
  [ -f "$rules" ] || continue
  (cd "$(dirname "$rules")" && promtool test rules "$(basename "$rules")")
done

log "tests"
# Tests bind port 0 and start their own servers; they never touch var/ or :6379.
ctest --test-dir "$RRMON_BUILD" --output-on-failure -j "$RRMON_JOBS" --timeout 600
