#!/usr/bin/env bash
# The monitoring service's memory over a large database: starts rrmon-monitoring on a
# copy-free path to DATABASE (e.g. the province database the statistics bench keeps with
# RRMON_BENCH_DB_DIR), asks for GetMonitoringStatistics of the province, of a prefecture
# and of a county N times each through rrctl (no Redis: every call is computed), and
# prints each call's wall time and the server's peak resident set (VmHWM) and current RSS.
#
#   bench/statistics_rss.sh DATABASE [N=5]
#
# The database is opened read-write (the service migrates it if it is older); pass a copy
# to keep the original as it is.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${RRMON_BUILD:-$ROOT/build}"
DATABASE="${1:?usage: bench/statistics_rss.sh DATABASE [N]}"
N="${2:-5}"
RRCTL="$BUILD/clients/rrctl/rrctl"
SERVER="$BUILD/services/monitoring/rrmon-monitoring"
for binary in "$RRCTL" "$SERVER"; do
  [ -x "$binary" ] || { echo "missing $binary" >&2; exit 1; }
done

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

source "$ROOT/bench/lib.sh"
GRPC_PORT=$(free_port); METRICS_PORT=$(free_port)
"$RRCTL" token keygen --private-key "$WORK/signing.key" --public-key "$WORK/signing.pub" >/dev/null

start_monitoring "$DATABASE"
# A large database may take a while to open (and to migrate, the first time).
wait_for_monitoring 36000
memory() { awk '/^VmHWM|^VmRSS/ {printf "%s %d MiB  ", $1, $2 / 1024}' "/proc/$SERVER_PID/status"; }
echo "started: $(memory)"

# An analyst may read a whole province (small cells withheld, which costs nothing here).
"$RRCTL" token issue --key "$WORK/signing.key" --subject bench --role analyst \
  --region 65 --ttl 1h >"$WORK/token"
for region in 65 6542 654221; do
  for _ in $(seq 1 "$N"); do
    start=$(date +%s%N)
    "$RRCTL" --address "127.0.0.1:$GRPC_PORT" --token-file "$WORK/token" --output json \
      stats --region "$region" >"$WORK/stats.json"
    end=$(date +%s%N)
    echo "stats $region: $(( (end - start) / 1000000 )) ms (rrctl process included)"
  done
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print("  registered", s["registered"]["households"], "households; monitored measures", s.get("monitored_measures"), "; overdue cases", s.get("overdue_cases"))' "$WORK/stats.json"
done
echo "after the calls: $(memory)"
