#!/usr/bin/env python3
"""Proves the direction of includes between a service's layers (docs/architecture.md,
"Service layout"). Every header a source reaches is followed through the project's own
headers, so a rule cannot reach gRPC or SQLite through a helper either.

    scripts/check_layers.py SOURCE_ROOT

  domain    no gRPC, no SQL, no Redis, no metrics, no clock, no other layer
  usecases  domain only; no gRPC, no SQL
  storage   usecases and domain; no gRPC
  edge      usecases and domain; no storage, no gauges
  gauges    usecases and domain; no gRPC, no storage, no edge

Exits 1 listing each violation with the chain of includes that led to it.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]', re.M)
LAYERS = ("domain", "usecases", "storage", "edge", "gauges")

GRPC = re.compile(r"^(grpc|grpcpp)/|\.grpc\.pb\.h$")
SQL = re.compile(r"^sqlite3\.h$|^libpq|^postgresql/|^common/storage/sqlite|^common/idempotency/"
                 r"|^common/audit/sqlite")
REDIS = re.compile(r"^hiredis/|^common/cache/redis_client\.h$")
METRICS = re.compile(r"^prometheus/|^common/metrics/")
CLOCK = re.compile(r"^common/time/clock\.h$|^absl/time/clock\.h$|^<?chrono>?$")
SERVER = re.compile(r"^common/server/")


def other_layer(layer_names):
    names = "|".join(layer_names)
    return re.compile(r"^services/[a-z_]+/(" + names + r")/|^services/[a-z_]+/[a-z_]+\.h$")


FORBIDDEN = {
    "domain": [("gRPC", GRPC), ("SQL", SQL), ("Redis", REDIS), ("metrics", METRICS),
               ("the clock", CLOCK), ("the server runtime", SERVER),
               ("another layer", other_layer(["usecases", "storage", "edge", "gauges"]))],
    "usecases": [("gRPC", GRPC), ("SQL", SQL),
                 ("an outer layer", other_layer(["storage", "edge", "gauges"]))],
    "storage": [("gRPC", GRPC), ("an outer layer", other_layer(["edge", "gauges"]))],
    "edge": [("storage or gauges", other_layer(["storage", "gauges"]))],
    "gauges": [("gRPC", GRPC), ("storage, edge", other_layer(["storage", "edge"]))],
}
# Calls a domain rule may not make: it is given the time, it does not read it.
DOMAIN_CALLS = re.compile(r"absl::Now\(\)|system_clock::now|steady_clock::now|\bClock\b")


def includes_of(root, path, cache):
    if path not in cache:
        full = os.path.join(root, path)
        with open(full, encoding="utf-8") as text:
            cache[path] = INCLUDE.findall(text.read())
    return cache[path]


def is_project(root, header):
    return header.startswith(("common/", "services/")) and os.path.exists(
        os.path.join(root, header))


def reach(root, source, cache):
    """Yields (header, chain) for every header reached from `source`."""
    seen = set()
    stack = [(source, [source])]
    while stack:
        path, chain = stack.pop()
        for header in includes_of(root, path, cache):
            if header in seen:
                continue
            seen.add(header)
            yield header, chain + [header]
            if is_project(root, header):
                stack.append((header, chain + [header]))


def layer_of(path):
    parts = path.split("/")
    if len(parts) >= 4 and parts[0] == "services" and parts[2] in LAYERS:
        return parts[2]
    return None


def main():
    root = os.path.realpath(sys.argv[1])
    cache = {}
    problems = []
    checked = 0
    for service in sorted(os.listdir(os.path.join(root, "services"))):
        base = os.path.join("services", service)
        for layer in LAYERS:
            folder = os.path.join(root, base, layer)
            if not os.path.isdir(folder):
                continue
            for name in sorted(os.listdir(folder)):
                if not name.endswith((".h", ".cc")):
                    continue
                source = os.path.join(base, layer, name)
                checked += 1
                own = layer_of(source)
                for header, chain in reach(root, source, cache):
                    if layer_of(header) == own and header.startswith(base + "/"):
                        continue
                    for what, pattern in FORBIDDEN[layer]:
                        if pattern.search(header):
                            problems.append(f"{source}: {layer} reaches {what}: "
                                            + " -> ".join(chain))
                if layer == "domain":
                    with open(os.path.join(root, source), encoding="utf-8") as text:
                        for number, line in enumerate(text, 1):
                            if DOMAIN_CALLS.search(line.split("//")[0]):
                                problems.append(f"{source}:{number}: domain reads the clock: "
                                                + line.strip())
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"layers: {checked} sources follow the direction of includes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
