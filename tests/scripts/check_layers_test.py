#!/usr/bin/env python3
"""scripts/check_layers.py on small trees made here: a clean one passes, and each kind
of violation (a forbidden include reached through a helper, a layer reaching outwards,
a domain rule reading the clock) fails naming the file."""
import os
import subprocess
import sys
import tempfile

CHECKER = sys.argv[1]


def tree(files):
    root = tempfile.mkdtemp()
    for path, text in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as out:
            out.write(text)
    return root


def run(files):
    result = subprocess.run([sys.executable, CHECKER, tree(files)], capture_output=True,
                            text=True, check=False)
    return result.returncode, result.stderr


CLEAN = {
    "common/status/errors.h": '#include "absl/status/status.h"\n',
    "services/svc/domain/rule.h": '#include "common/status/errors.h"\n',
    "services/svc/usecases/registry.h": '#include "services/svc/domain/rule.h"\n',
    "services/svc/storage/repo.cc": '#include "services/svc/usecases/registry.h"\n'
                                    '#include "sqlite3.h"\n',
    "services/svc/edge/handler.cc": '#include <grpcpp/grpcpp.h>\n'
                                    '#include "services/svc/usecases/registry.h"\n',
}


def main():
    failures = []
    code, err = run(CLEAN)
    if code != 0:
        failures.append(f"clean tree refused: {err}")

    helper = dict(CLEAN)
    helper["common/status/errors.h"] = '#include <grpcpp/support/status.h>\n'
    code, err = run(helper)
    if code != 1 or "services/svc/domain/rule.h: domain reaches gRPC" not in err:
        failures.append(f"gRPC through a helper not caught: {code} {err}")

    outward = dict(CLEAN)
    outward["services/svc/usecases/registry.h"] += '#include "services/svc/storage/repo.h"\n'
    outward["services/svc/storage/repo.h"] = "\n"
    code, err = run(outward)
    if code != 1 or "usecases reaches an outer layer" not in err:
        failures.append(f"use case reaching storage not caught: {code} {err}")

    clock = dict(CLEAN)
    clock["services/svc/domain/rule.cc"] = "auto now = absl::Now();\n"
    code, err = run(clock)
    if code != 1 or "domain/rule.cc:1: domain reads the clock" not in err:
        failures.append(f"clock read not caught: {code} {err}")

    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
