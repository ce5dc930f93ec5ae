#!/usr/bin/env bash
# One load run of the monitoring service, side by side with its own floor: starts a
# server, a Redis and a SQLite database (synchronous=FULL) of its own on free loopback
# ports, then measures, one after the other on the same server,
#   Health/Check      grpc.health.v1 (no auth, no storage: the floor of the request path)
#   GetHousehold      county-officer token, metrics, Redis cache on
#   ListHouseholds    a page of 50
#   ReportRiskSignal  a new signal per call (every body differs: bench/load_client)
#   CreateHousehold   two members per call
# For each: the peak (closed loop: C connections × M streams for reads, K calls in
# flight for writes), the ratio of the peak to Health/Check's, and p50/p99/max latency in
# open loop at half of that peak. Only calls the server counted OK are counted: h2load
# takes a gRPC error (HTTP 200 with an error status in the trailers) for a success, so
# the script reads grpc_server_handled_total before and after each run.
#
#   bench/load.sh [SECONDS_PER_RUN=5] [C=4] [M=16] [K=16]
#
# With RRMON_BENCH_WATCHES=N, N WatchAlerts streams stay open on the server for the whole
# run (what a township's dashboards do), to compare the figures with and without them.
#
# Needs a build with RRMON_BUILD_BENCH=ON (build/bench/load_client) and h2load
# (nghttp2-client). Extra server settings can be passed as RRMON_MONITORING_* variables
# (e.g. RRMON_MONITORING_CACHE_HOUSEHOLD_ENABLED=false). RRMON_PERF_METHOD=GetHousehold
# (any method's name) records a CPU profile of the server during that method's peak run
# into RRMON_PERF_OUT (default perf.data; needs linux-perf).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${RRMON_BUILD:-$ROOT/build}"
SECONDS_PER_RUN="${1:-5}"; C="${2:-4}"; M="${3:-16}"; K="${4:-16}"
RRCTL="$BUILD/clients/rrctl/rrctl"
CLIENT="$BUILD/bench/load_client"
SERVER="$BUILD/services/monitoring/rrmon-monitoring"
for binary in "$RRCTL" "$CLIENT" "$SERVER"; do
  [ -x "$binary" ] || { echo "missing $binary: build with RRMON_BUILD_BENCH=ON" >&2; exit 1; }
done
command -v h2load >/dev/null || { echo "h2load missing: apt-get install nghttp2-client" >&2; exit 1; }

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

source "$ROOT/bench/lib.sh"
GRPC_PORT=$(free_port); METRICS_PORT=$(free_port); REDIS_PORT=$(free_port)

redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
  --dir "$WORK" >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
"$RRCTL" token keygen --private-key "$WORK/signing.key" --public-key "$WORK/signing.pub" >/dev/null
(umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$WORK/cache.key" && echo >>"$WORK/cache.key")
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

start_monitoring "$WORK/monitoring.db" \
    RRMON_MONITORING_STORAGE_SYNCHRONOUS=full \
    RRMON_MONITORING_REDIS_ADDRESS="127.0.0.1:$REDIS_PORT" \
    RRMON_MONITORING_CACHE_ENCRYPTION_KEY_FILE="$WORK/cache.key"
PIDS+=($SERVER_PID)
wait_for_monitoring 100
"$RRCTL" token issue --key "$WORK/signing.key" --subject bench --role county_officer \
  --region 6542 --ttl 2h >"$WORK/token"
TOKEN="$(cat "$WORK/token")"
"$CLIENT" setup --target "127.0.0.1:$GRPC_PORT" --token-file "$WORK/token" --out "$WORK" \
  --households 200

WATCHES="${RRMON_BENCH_WATCHES:-0}"
if [ "$WATCHES" -gt 0 ]; then
  mkfifo "$WORK/watch.in"
  "$CLIENT" watch --target "127.0.0.1:$GRPC_PORT" --token-file "$WORK/token" --streams "$WATCHES" \
    <"$WORK/watch.in" >"$WORK/watch.out" &
  PIDS+=($!)
  exec 7>"$WORK/watch.in"  # held open: the streams last until it closes
  for _ in $(seq 1 300); do grep -q established "$WORK/watch.out" 2>/dev/null && break; sleep 0.1; done
fi

ok_count() {  # service method → calls counted OK so far
  curl -s "http://127.0.0.1:$METRICS_PORT/metrics" | awk -v s="grpc_service=\"$1\"" \
    -v m="grpc_method=\"$2\"" '/^grpc_server_handled_total/ && index($0, s) && index($0, m) &&
    /grpc_code="OK"/ {print int($2)}'
}

# Percentiles of an h2load --log-file (third column: microseconds to the end of the
# response) → "p50 p99 max" in ms.
percentiles() {
  python3 - "$1" <<'PY'
import sys
t = sorted(int(line.split("\t")[2]) / 1000 for line in open(sys.argv[1]) if line.strip())
at = lambda q: t[min(len(t) - 1, int(q * (len(t) - 1) + 0.5))]
print(f"{at(0.5):.2f} {at(0.99):.2f} {t[-1]:.2f}")
PY
}

ROWS=()
CHECK_PEAK=0
# h2load_method LABEL SERVICE METHOD BODY [auth]
h2load_method() {
  local label="$1" service="$2" method="$3" body="$4" auth="${5:-}"
  local url="http://127.0.0.1:$GRPC_PORT/$service/$method"
  local headers=(-H 'content-type: application/grpc' -H 'te: trailers')
  [ -n "$auth" ] && headers+=(-H "authorization: Bearer $TOKEN")
  # Warm-up, then a calibration run that sizes the measured run to SECONDS_PER_RUN.
  h2load -n 2000 -c "$C" -m "$M" "${headers[@]}" -d "$body" "$url" >/dev/null
  local rate n before after out peak ok
  rate=$(h2load -n 5000 -c "$C" -m "$M" "${headers[@]}" -d "$body" "$url" |
    awk '/^finished in/ {print int($4)}')
  n=$(( rate * SECONDS_PER_RUN )); [ "$n" -lt 1000 ] && n=1000
  before=$(ok_count "$service" "$method")
  local perf_pid=""
  if [ "${RRMON_PERF_METHOD:-}" = "$method" ]; then
    # System-wide: gRPC starts and ends handler threads as load comes and goes, and a
    # profile attached to the threads of the moment would miss the new ones.
    perf record -F 499 -g -a -o "${RRMON_PERF_OUT:-perf.data}" \
      -- sleep "$SECONDS_PER_RUN" 2>/dev/null &
    perf_pid=$!
  fi
  out=$(h2load -n "$n" -c "$C" -m "$M" --log-file="$WORK/$method.peak.log" "${headers[@]}" \
    -d "$body" "$url")
  [ -n "$perf_pid" ] && wait "$perf_pid"
  after=$(ok_count "$service" "$method")
  peak=$(awk '/^finished in/ {print int($4)}' <<<"$out")
  ok=$(( after - before ))
  local peak_p99; peak_p99=$(percentiles "$WORK/$method.peak.log" | awk '{print $2}')
  # Open loop at half the peak, spread over the connections.
  local rps=$(( peak / 2 / C )); [ "$rps" -lt 1 ] && rps=1
  local calls=$(( rps * C * SECONDS_PER_RUN ))
  before=$(ok_count "$service" "$method")
  h2load -n "$calls" -c "$C" -m "$M" --rps="$rps" --log-file="$WORK/$method.log" \
    "${headers[@]}" -d "$body" "$url" >/dev/null
  after=$(ok_count "$service" "$method")
  local open_ok=$(( after - before ))
  local lat; lat=$(percentiles "$WORK/$method.log")
  [ "$label" = Health/Check ] && CHECK_PEAK=$peak
  ROWS+=("$label|$peak|$ok/$n|$peak_p99|$(( rps * C ))|$open_ok/$calls|$lat")
}

# write_method LABEL METHOD
write_method() {
  local label="$1" method="$2" seed="$3"
  local common=(--target "127.0.0.1:$GRPC_PORT" --token-file "$WORK/token"
                --households "$WORK/households.txt" --method "$method")
  local line calls ok peak
  # Calibrate, then measure SECONDS_PER_RUN of closed loop.
  line=$("$CLIENT" write "${common[@]}" --calls 500 --in-flight "$K" --seed "$seed")
  read -r _ _ peak _ _ _ <<<"$line"
  calls=$(( peak * SECONDS_PER_RUN )); [ "$calls" -lt 500 ] && calls=500
  local perf_pid=""
  if [ "${RRMON_PERF_METHOD:-}" = "$label" ]; then
    perf record -F 499 -g -a -o "${RRMON_PERF_OUT:-perf.data}" \
      -- sleep "$SECONDS_PER_RUN" 2>/dev/null &
    perf_pid=$!
  fi
  line=$("$CLIENT" write "${common[@]}" --calls "$calls" --in-flight "$K" --seed "$((seed + 1))")
  [ -n "$perf_pid" ] && wait "$perf_pid"
  local peak_p99
  read -r calls ok peak _ peak_p99 _ <<<"$line"
  local rate=$(( peak / 2 )); [ "$rate" -lt 1 ] && rate=1
  local open_calls=$(( rate * SECONDS_PER_RUN ))
  line=$("$CLIENT" write "${common[@]}" --calls "$open_calls" --rate "$rate" --seed "$((seed + 2))")
  local open_done open_ok p50 p99 max
  read -r open_done open_ok _ p50 p99 max <<<"$line"
  ROWS+=("$label|$peak|$ok/$calls|$peak_p99|$rate|$open_ok/$open_done|$p50 $p99 $max")
}

h2load_method Health/Check grpc.health.v1.Health Check "$WORK/check.bin"
h2load_method GetHousehold rrmon.monitoring.v1.MonitoringService GetHousehold "$WORK/get.bin" auth
h2load_method "ListHouseholds (50)" rrmon.monitoring.v1.MonitoringService ListHouseholds \
  "$WORK/list.bin" auth
write_method ReportRiskSignal report_signal 10
write_method CreateHousehold create_household 20

echo
echo "monitoring, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "reads: h2load $C connections × $M streams; writes: $K calls in flight; open loop at half the peak"
if [ "$WATCHES" -gt 0 ]; then
  echo "WatchAlerts streams open throughout: $(grep established "$WORK/watch.out" | awk '{print $2}') of $WATCHES"
fi
echo
echo "| method | peak calls/s | ratio to Check | OK at peak | p99 at peak ms | open-loop rate | OK open loop | p50 ms | p99 ms | max ms |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for row in "${ROWS[@]}"; do
  IFS='|' read -r label peak ok peak_p99 rate open_ok lat <<<"$row"
  read -r p50 p99 max <<<"$lat"
  ratio=$(python3 -c "print(f'{$peak / max($CHECK_PEAK, 1):.2f}')")
  echo "| $label | $peak | $ratio | $ok | $peak_p99 | $rate | $open_ok | $p50 | $p99 | $max |"
done
echo
echo "server (pid $SERVER_PID): $(ps -o rss=,nlwp= -p "$SERVER_PID" | awk '{printf "%d MiB RSS, %d threads", $1/1024, $2}')"
