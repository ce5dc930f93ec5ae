#!/usr/bin/env bash
# Installs what is missing, builds, and starts the rrmon services on loopback with the
# embedded defaults: SQLite files under var/, a local Redis (started here when none
# answers on 127.0.0.1:6379), a token-signing key made on first start, and a ready
# token for rrctl. Stop everything with scripts/stop.sh.
source "$(dirname "$0")/lib.sh"

install_dependencies
build OFF

RRCTL="$RRMON_BUILD/clients/rrctl/rrctl"
mkdir -p "$RRMON_VAR"/{keys,log,run,redis}

# Redis is a cache only: if it cannot start, the services still run, uncached.
if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  log "redis: already answering on 127.0.0.1:6379"
elif redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save "" --appendonly no \
    --dir "$RRMON_VAR/redis" --pidfile "$RRMON_VAR/run/redis.pid" \
    --logfile "$RRMON_VAR/log/redis.log" >/dev/null 2>&1; then
  log "redis: started on 127.0.0.1:6379"
else
  log "redis: could not start; services run without a cache"
fi

KEY="$RRMON_VAR/keys/token-signing.key"
PUB="$RRMON_VAR/keys/token-signing.pub"
if [ ! -f "$KEY" ]; then
  log "creating the local token-signing key ($KEY)"
  "$RRCTL" token keygen --private-key "$KEY" --public-key "$PUB"
fi
# Cached households (ID numbers, health) are encrypted in Redis with this key.
CACHE_KEY="$RRMON_VAR/keys/cache.key"
if [ ! -f "$CACHE_KEY" ]; then
  log "creating the local cache encryption key ($CACHE_KEY)"
  (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$CACHE_KEY" && echo >>"$CACHE_KEY")
fi

# The services call each other with service tokens of their own (services may hold
# tokens up to 720h; start.sh issues fresh ones at every start): employment asks
# monitoring who a labourer is, monitoring asks employment for a household's wages.
PEER_TOKEN="$RRMON_VAR/keys/employment-to-monitoring.token"
"$RRCTL" token issue --key "$KEY" --subject employment --role service --region 65 \
  --ttl 720h --audience monitoring >"$PEER_TOKEN"
WAGE_TOKEN="$RRMON_VAR/keys/monitoring-to-employment.token"
"$RRCTL" token issue --key "$KEY" --subject monitoring --role service --region 65 \
  --ttl 720h --audience employment >"$WAGE_TOKEN"
chmod 600 "$PEER_TOKEN" "$WAGE_TOKEN"

start_service() {
  local name="$1" grpc_port="$2" metrics_port="$3" binary="$4"
  local pidfile="$RRMON_VAR/run/$name.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    log "$name: already running (pid $(cat "$pidfile"))"
    return
  fi
  local prefix="RRMON_${name^^}_"
  local extra=()
  # Absolute, so the service finds its monitoring lines whatever directory start.sh ran in.
  if [ "$name" = monitoring ]; then
    extra+=("${prefix}MONITORING_LINE_FILE=$RRMON_ROOT/deploy/config/monitoring-lines.txt")
    extra+=("${prefix}CACHE_ENCRYPTION_KEY_FILE=$CACHE_KEY")
    extra+=("${prefix}PEER_EMPLOYMENT_ADDRESS=127.0.0.1:50052")
    extra+=("${prefix}PEER_EMPLOYMENT_TOKEN_FILE=$WAGE_TOKEN")
  fi
  if [ "$name" = employment ]; then
    extra+=("${prefix}PEER_MONITORING_ADDRESS=127.0.0.1:50051")
    extra+=("${prefix}PEER_MONITORING_TOKEN_FILE=$PEER_TOKEN")
    extra+=("${prefix}CACHE_ENCRYPTION_KEY_FILE=$CACHE_KEY")
  fi
  mkdir -p "$RRMON_VAR/$name"
  env "${prefix}GRPC_LISTEN=127.0.0.1:$grpc_port" \
      "${prefix}METRICS_LISTEN=127.0.0.1:$metrics_port" \
      "${prefix}STORAGE_SQLITE_PATH=$RRMON_VAR/$name/$name.db" \
      "${prefix}AUTH_PUBLIC_KEY_FILE=$PUB" \
      "${extra[@]}" \
      setsid nohup "$binary" >>"$RRMON_VAR/log/$name.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  for _ in $(seq 1 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$grpc_port") 2>/dev/null; then
      log "$name: serving on 127.0.0.1:$grpc_port, metrics on http://127.0.0.1:$metrics_port/metrics"
      return
    fi
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "$name failed to start; see $RRMON_VAR/log/$name.log:" >&2
      tail -n 20 "$RRMON_VAR/log/$name.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "$name did not open 127.0.0.1:$grpc_port in 10 s; see $RRMON_VAR/log/$name.log" >&2
  exit 1
}

for service in monitoring:50051:9461 employment:50052:9462 courtyard:50053:9463; do
  IFS=: read -r name grpc_port metrics_port <<<"$service"
  binary="$RRMON_BUILD/services/$name/rrmon-$name"
  if [ -x "$binary" ]; then
    start_service "$name" "$grpc_port" "$metrics_port" "$binary"
  fi
done

TOKEN_FILE="$RRMON_VAR/keys/dev-token"
# People's tokens live 12 hours at most; start.sh issues a fresh one at every start.
"$RRCTL" token issue --key "$KEY" --subject local-admin --role county_officer \
  --region 6542 --ttl 12h >"$TOKEN_FILE"
chmod 600 "$TOKEN_FILE"
# Tokens name the one service they are for: the employment service has its own.
EMPLOYMENT_TOKEN_FILE="$RRMON_VAR/keys/dev-token-employment"
"$RRCTL" token issue --key "$KEY" --subject local-admin --role county_officer \
  --region 6542 --ttl 12h --audience employment >"$EMPLOYMENT_TOKEN_FILE"
chmod 600 "$EMPLOYMENT_TOKEN_FILE"

cat <<TXT

rrmon is running on loopback.
  monitoring  gRPC 127.0.0.1:50051   metrics http://127.0.0.1:9461/metrics
  employment  gRPC 127.0.0.1:50052   metrics http://127.0.0.1:9462/metrics
  logs        $RRMON_VAR/log/        data $RRMON_VAR/

A county-officer token for prefecture 6542 (Tacheng) is in $TOKEN_FILE. Try:
  export RRMON_TOKEN_FILE=$TOKEN_FILE
  $RRCTL household list
  $RRCTL household create --region-code 654201001001 \\
      --member 'full_name=阿依古丽·买买提,id_number=654201199003071238,relation=head,health=healthy,labour=ordinary'

The same for employment is in $EMPLOYMENT_TOKEN_FILE:
  export RRMON_EMPLOYMENT_TOKEN_FILE=$EMPLOYMENT_TOKEN_FILE
  $RRCTL employment target set --region 6542 --year 2022 --people 16500
  $RRCTL employment progress --region 6542 --year 2022

Stop with: scripts/stop.sh
TXT
