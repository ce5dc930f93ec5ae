#!/usr/bin/env python3
"""Proves the lock annotations: compiles, with clang and -Wthread-safety as errors, every
production source that takes a lock or implements a class whose header declares guarded
members (the functions where the analysis has something to check). Syntax only, no code
generation: the g++ build makes the binaries. Reads the build's compile_commands.json.

    scripts/check_locks.py BUILD_DIR SOURCE_ROOT JOBS
"""
import concurrent.futures
import json
import os
import re
import shlex
import subprocess
import sys

LOCKS = re.compile(r"absl::Mutex|ABSL_GUARDED_BY|ABSL_EXCLUSIVE_LOCKS_REQUIRED|"
                   r"ABSL_LOCKS_EXCLUDED|MutexLock")
PRODUCTION = re.compile(r"/(common|services|clients)/")


def uses_locks(source):
    candidates = [source, os.path.splitext(source)[0] + ".h"]
    for path in candidates:
        if os.path.exists(path):
            with open(path, encoding="utf-8") as text:
                if LOCKS.search(text.read()):
                    return True
    return False


def clang_command(entry):
    words = entry["arguments"] if "arguments" in entry else shlex.split(entry["command"])
    command = ["clang++"]
    skip = False
    for word in words[1:]:
        if skip:
            skip = False
            continue
        if word == "-o":
            skip = True
            continue
        if word == "-c" or word.startswith("-Werror"):
            continue
        command.append(word)
    # Only the analysis decides: other warnings of clang stay quiet here (the g++ build
    # runs with -Werror), and every thread-safety finding fails.
    command += ["-fsyntax-only", "-Wno-everything", "-Wthread-safety", "-Werror=thread-safety"]
    return command


def main():
    build, root, jobs = sys.argv[1], os.path.realpath(sys.argv[2]), int(sys.argv[3])
    with open(os.path.join(build, "compile_commands.json"), encoding="utf-8") as text:
        entries = json.load(text)
    chosen = []
    for entry in entries:
        source = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
        if source.startswith(root) and PRODUCTION.search(source[len(root):]) \
                and uses_locks(source):
            chosen.append((source, entry))
    if not chosen:
        print("no source takes a lock: the selection is broken", file=sys.stderr)
        return 1

    def check(item):
        source, entry = item
        result = subprocess.run(clang_command(entry), cwd=entry["directory"],
                                capture_output=True, text=True)
        return source, result.returncode, result.stderr

    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for source, code, errors in pool.map(check, chosen):
            if code != 0:
                failed += 1
                print(errors, file=sys.stderr)
    print(f"thread-safety analysis: {len(chosen)} sources, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
