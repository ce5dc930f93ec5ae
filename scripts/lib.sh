# Shared by the scripts: paths and the package list. Sourced, not run.
set -euo pipefail

RRMON_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RRMON_BUILD="${RRMON_BUILD:-$RRMON_ROOT/build}"
RRMON_VAR="${RRMON_VAR:-$RRMON_ROOT/var}"
RRMON_JOBS="${RRMON_JOBS:-$(nproc)}"

# Debian 12 packages the project builds, runs and tests with (see README, "Dependencies").
RRMON_PACKAGES=(
  build-essential cmake pkg-config git ca-certificates openssl
  protobuf-compiler libprotobuf-dev protobuf-compiler-grpc libgrpc++-dev grpc-proto
  libabsl-dev libssl-dev libhiredis-dev prometheus-cpp-dev libsqlite3-dev sqlite3 libpq-dev
  nlohmann-json3-dev libcli11-dev libicu-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  redis-server prometheus nghttp2-client postgresql
  clang clang-format clang-tidy python3
)

# Each line says how long the script has run, so a slow step shows in CI's log.
log() { printf '\033[1m==> [%4d s] %s\033[0m\n' "$SECONDS" "$*" >&2; }

# Installs whatever of RRMON_PACKAGES is missing; a machine that has them all is left alone.
install_dependencies() {
  local missing=()
  local wanted=("${RRMON_PACKAGES[@]}")
  # npm (for the proto linter) may come with a Node.js that is not Debian's own.
  command -v npm >/dev/null 2>&1 || wanted+=(nodejs npm)
  for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "dependencies: all installed"
    return
  fi
  log "installing: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages and not root: run as root or install: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
  # The Debian packages start their servers; rrmon starts its own on loopback.
  for unit in redis-server postgresql; do
    systemctl disable --now "$unit" >/dev/null 2>&1 || true
  done
}

build() {
  local tests="$1"
  log "building ($RRMON_BUILD)"
  cmake -S "$RRMON_ROOT" -B "$RRMON_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DRRMON_BUILD_TESTS="$tests" -DRRMON_BUILD_BENCH="$tests" >/dev/null
  cmake --build "$RRMON_BUILD" -j "$RRMON_JOBS"
}
