"""`audit` against a tenant with 10,000 organizations: time and peak memory.

Run: .venv/bin/python benchmarks/audit_organizations.py [--organizations N]

The fast suite's fake Management API (tests/test_audit.py, plain HTTP, --api-url) serves
the tenant settings, its applications, APIs and Actions, and N organizations over pages
of 100 (the most the API serves, and the most audit asks for); the stack file names a
hundred of them. Prints the command's
wall time, its own peak resident memory, and its exit status. For reading, not
asserting: no test depends on these figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def serve(organizations: int) -> ThreadingHTTPServer:
    """The fast suite's fake Management API (tests/test_audit.py), with N organizations."""
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    from test_audit import FakeTenant

    FakeTenant.organizations = [
        {"id": f"org_{i:016d}", "name": f"customer-{i:05d}"} for i in range(organizations)
    ]
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeTenant)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


HELPER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
_, status, usage = os.wait4(child.pid, 0)
print(json.dumps([os.waitstatus_to_exitcode(status), time.perf_counter() - start,
                  usage.ru_maxrss / 1024, child.stderr.read().decode()[-300:]]))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organizations", type=int, default=10_000)
    args = parser.parse_args()
    server = serve(args.organizations)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        (project / "stacks").mkdir()
        (project / "Pulumi.yaml").write_text((ROOT / "Pulumi.yaml").read_text())
        named = "\n".join(
            f"    customer-{i:05d}: {{inactivityTimeout: 15m}}"
            for i in range(0, args.organizations, max(1, args.organizations // 100))
        )
        (project / "stacks" / "Pulumi.bench.yaml").write_text(
            "config:\n  auth0:domain: bench.eu.auth0.com\n  auth0-sessions:plan: enterprise\n"
            "  auth0-sessions:requireLoginAfter: 3d\n  auth0-sessions:inactivityTimeout: 1d\n"
            f"  auth0-sessions:organizations:\n{named}\n"
        )
        argv = [sys.executable, "-m", "components", "audit", "--stack", "bench",
                "--api-url", url, "--project", str(project), "--json"]  # fmt: skip
        env = {**os.environ, "AUTH0_CLIENT_ID": "id", "AUTH0_CLIENT_SECRET": "bench-secret",
               "PYTHONPATH": str(ROOT)}  # fmt: skip
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-S", "-c", HELPER, *argv], cwd=ROOT, env=env,
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        code, seconds, peak, errors = json.loads(done.stdout)
    server.shutdown()
    print(
        f"audit, {args.organizations:,} organizations ({args.organizations // 100 or 1} pages), "
        f"100 named in the stack file: {seconds:.2f} s, peak {peak:.0f} MiB, exit {code} "
        f"(wall {time.perf_counter() - started:.2f} s)"
    )
    if errors.strip():
        print(f"standard error: {errors.strip()}")


if __name__ == "__main__":
    main()
