#!/usr/bin/env bash
# The checks of the source that no build does by itself; run by scripts/test.sh after the
# build (clang-tidy reads build/compile_commands.json).
#
#   scripts/check_style.sh format   every C++ file is clang-format clean
#   scripts/check_style.sh tidy     clang-tidy (.clang-tidy) and clang's thread-safety
#                                   analysis over the production sources
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

check_tidy() {
  log "clang-tidy and thread-safety analysis"
  # Warnings of the g++ flags in compile_commands.json stay warnings (-Wno-error) so that
  # only the checks of .clang-tidy, thread safety among them, decide; WarningsAsErrors
  # there makes each of their findings fail.
  run-clang-tidy -quiet -p "$RRMON_BUILD" -j "$RRMON_JOBS" \
    -extra-arg=-Wno-error -extra-arg=-Wthread-safety \
    "^$RRMON_ROOT/(common|services|clients)/.*\.cc$" > "$RRMON_BUILD/clang-tidy.log" 2>&1 || {
    grep -E "(error|warning):" "$RRMON_BUILD/clang-tidy.log" | sort -u >&2
    echo "clang-tidy found problems; the whole output is in $RRMON_BUILD/clang-tidy.log" >&2
    exit 1
  }
}

case "${1:-}" in
  format) check_format ;;
  tidy) check_tidy ;;
  *)
    echo "usage: $0 format|tidy" >&2
    exit 2
    ;;
esac
