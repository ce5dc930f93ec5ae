#!/usr/bin/env bash
# Load test of GetHousehold over real HTTP/2 gRPC with h2load, against a service started
# by scripts/start.sh. Creates one household, then sends N calls on C connections with M
# concurrent streams each. h2load counts a gRPC error as a success (errors travel in
# trailers with HTTP 200), so the script checks the service's own grpc_server_handled_total
# before and after: every call must be counted with grpc_code="OK".
#
#   bench/h2load_get_household.sh [N=20000] [C=4] [M=16]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-20000}"; C="${2:-4}"; M="${3:-16}"
RRCTL="${RRMON_BUILD:-$ROOT/build}/clients/rrctl/rrctl"
export RRMON_TOKEN_FILE="${RRMON_TOKEN_FILE:-$ROOT/var/keys/dev-token}"
METRICS=http://127.0.0.1:9461/metrics

name=$("$RRCTL" --output json household create --region-code 654201001001 \
  --member "full_name=阿依古丽·买买提,id_number=$(python3 - <<'PY'
import random
w=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
base="65420119800307"+"%03d"%random.randint(0,999)
print(base+"10X98765432"[sum(int(c)*x for c,x in zip(base,w))%11])
PY
),relation=head,health=healthy,labour=ordinary" | python3 -c 'import json,sys; print(json.load(sys.stdin)["name"])')

# A gRPC message frame: flag 0, 4-byte big-endian length, then GetHouseholdRequest{name}.
body=$(mktemp)
python3 - "$name" "$body" <<'PY'
import struct, sys
name = sys.argv[1].encode()
message = b"\x0a" + bytes([len(name)]) + name
open(sys.argv[2], "wb").write(b"\x00" + struct.pack(">I", len(message)) + message)
PY

ok_count() {
  curl -s "$METRICS" | awk '/^grpc_server_handled_total/ && /grpc_method="GetHousehold"/ && /grpc_code="OK"/ {print $2}'
}
before=$(ok_count)
h2load -n "$N" -c "$C" -m "$M" \
  -H 'content-type: application/grpc' -H 'te: trailers' \
  -H "authorization: Bearer $(cat "$RRMON_TOKEN_FILE")" \
  -d "$body" "http://127.0.0.1:50051/rrmon.monitoring.v1.MonitoringService/GetHousehold"
after=$(ok_count)
rm -f "$body"
echo "GetHousehold OK responses counted by the service: $((${after%.*} - ${before%.*})) of $N"
