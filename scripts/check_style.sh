#!/usr/bin/env bash
# The checks of the source that no build does by itself; run by scripts/test.sh after the
# build (clang-tidy reads build/compile_commands.json).
#
#   scripts/check_style.sh format        every C++ file is clang-format clean
#   scripts/check_style.sh layers        the layers of each service include only inward
#                                        (scripts/check_layers.py)
#   scripts/check_style.sh locks         clang -Wthread-safety -Werror over every production
#                                        source that takes a lock (scripts/check_locks.py)
#   scripts/check_style.sh tidy-changed  clang-tidy (.clang-tidy) over the production
#                                        sources the last commit and the work tree change
#   scripts/check_style.sh tidy          clang-tidy over every production source (slow)
#
# Fix formatting with: git ls-files '*.cc' '*.h' | xargs clang-format -i
source "$(dirname "$0")/lib.sh"

cpp_sources() {
  if git -C "$RRMON_ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$RRMON_ROOT" ls-files '*.cc' '*.h'
  else
    (cd "$RRMON_ROOT" && find common services clients tests bench -name '*.cc' -o -name '*.h')
  fi
}

check_format() {
  log "clang-format"
  local bad=()
  while IFS= read -r file; do
    clang-format --dry-run -Werror "$RRMON_ROOT/$file" >/dev/null 2>&1 || bad+=("$file")
  done < <(cpp_sources)
  if [ ${#bad[@]} -gt 0 ]; then
    printf 'not clang-format clean:\n' >&2
    printf '  %s\n' "${bad[@]}" >&2
    echo "fix with: git ls-files '*.cc' '*.h' | xargs clang-format -i" >&2
    exit 1
  fi
}

# Runs clang-tidy over the given production sources (absolute paths of .cc files).
run_tidy() {
  [ $# -gt 0 ] || { log "clang-tidy: no production source changed"; return 0; }
  log "clang-tidy over $# source(s)"
  local regex
  regex="^($(printf '%s|' "$@" | sed 's/|$//; s/[.+]/\\&/g'))$"
  # Warnings of the g++ flags in compile_commands.json stay warnings (-Wno-error) so that
  # only the checks of .clang-tidy decide; WarningsAsErrors there makes each finding fail.
  run-clang-tidy -quiet -p "$RRMON_BUILD" -j "$RRMON_JOBS" -extra-arg=-Wno-error "$regex" \
    > "$RRMON_BUILD/clang-tidy.log" 2>&1 || {
    sed 's/\x1b\[[0-9;]*m//g' "$RRMON_BUILD/clang-tidy.log" | grep -E "(error|warning):" | sort -u >&2
    echo "clang-tidy found problems; the whole output is in $RRMON_BUILD/clang-tidy.log" >&2
    exit 1
  }
}

production_sources() {
  (cd "$RRMON_ROOT" && git ls-files 'common/*.cc' 'services/*.cc' 'clients/*.cc')
}

# The production .cc files the last commit and the work tree change; a changed header
# brings in the source of the same name.
changed_sources() {
  local base=HEAD~1
  git -C "$RRMON_ROOT" rev-parse --verify -q "$base" >/dev/null || base=$(git -C "$RRMON_ROOT" hash-object -t tree /dev/null)
  {
    git -C "$RRMON_ROOT" diff --name-only "$base"
    git -C "$RRMON_ROOT" ls-files --others --exclude-standard
  } | grep -E '^(common|services|clients)/.*\.(cc|h)$' | sed 's/\.h$/.cc/' | sort -u |
    while IFS= read -r file; do
      [ -f "$RRMON_ROOT/$file" ] && echo "$RRMON_ROOT/$file"
    done
}

check_tidy_all() {
  local files=()
  while IFS= read -r file; do files+=("$RRMON_ROOT/$file"); done < <(production_sources)
  run_tidy "${files[@]}"
}

check_tidy_changed() {
  local files=()
  while IFS= read -r file; do files+=("$file"); done < <(changed_sources)
  run_tidy "${files[@]}"
}

check_layers() {
  log "direction of includes between layers"
  python3 "$RRMON_ROOT/scripts/check_layers.py" "$RRMON_ROOT"
}

check_locks() {
  log "thread-safety analysis (clang -Wthread-safety)"
  python3 "$RRMON_ROOT/scripts/check_locks.py" "$RRMON_BUILD" "$RRMON_ROOT" "$RRMON_JOBS"
}

case "${1:-}" in
  format) check_format ;;
  layers) check_layers ;;
  locks) check_locks ;;
  tidy-changed) check_tidy_changed ;;
  tidy) check_tidy_all ;;
  *)
    echo "usage: $0 format|layers|locks|tidy-changed|tidy" >&2
    exit 2
    ;;
esac
