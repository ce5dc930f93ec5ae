#!/usr/bin/env bash
# Runs buf (the protobuf linter), installing the pinned npm package into .tools/ once.
source "$(dirname "$0")/lib.sh"

BUF_VERSION=1.47.2
TOOLS="$RRMON_ROOT/.tools"
BUF="$TOOLS/node_modules/.bin/buf"
if [ ! -x "$BUF" ] || ! "$BUF" --version 2>/dev/null | grep -qx "$BUF_VERSION"; then
  log "installing @bufbuild/buf@$BUF_VERSION into .tools/"
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --silent "@bufbuild/buf@$BUF_VERSION" >&2
fi
command="$1"; shift
dir="$1"; shift
cd "$dir" && "$BUF" "$command" "$@"
