# Shared by the bench scripts: sourced, not run.

# A free loopback TCP port.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Starts rrmon-monitoring ($SERVER) in the background on 127.0.0.1:$GRPC_PORT (metrics on
# $METRICS_PORT) over the SQLite file DATABASE, trusting $WORK/signing.pub, with the
# deploy's monitoring lines and any further VAR=value settings given; its output goes to
# $WORK/server.log and its pid to SERVER_PID.
start_monitoring() {
  local database="$1"; shift
  env RRMON_MONITORING_GRPC_LISTEN="127.0.0.1:$GRPC_PORT" \
      RRMON_MONITORING_METRICS_LISTEN="127.0.0.1:$METRICS_PORT" \
      RRMON_MONITORING_STORAGE_SQLITE_PATH="$database" \
      RRMON_MONITORING_AUTH_PUBLIC_KEY_FILE="$WORK/signing.pub" \
      RRMON_MONITORING_MONITORING_LINE_FILE="$ROOT/deploy/config/monitoring-lines.txt" \
      "$@" "$SERVER" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
}

# Waits until the server accepts connections on $GRPC_PORT, for at most TENTHS tenths of
# a second; fails (with the server's log) if it exits first.
wait_for_monitoring() {
  local tenths="${1:-100}"
  for _ in $(seq 1 "$tenths"); do
    (exec 3<>"/dev/tcp/127.0.0.1/$GRPC_PORT") 2>/dev/null && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; return 1; }
    sleep 0.1
  done
  echo "the server did not start listening" >&2
  return 1
}
