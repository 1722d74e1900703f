"""Record how Pulumi reads each stack file of the corpus, with the real go-yaml v3.

Run (needs Go and Debian's golang-gopkg-yaml.v3-dev; see README.md here):

    .venv/bin/python tests/oracle/record.py

It builds `main.go`, runs it over every case (the hand-made ones in `cases.py`, each named
for the class it stands for, and thousands generated from a fixed seed), and writes
`recorded.json`: the Pulumi.yaml used, each case's text and Pulumi's reading. The tests
read that file only; regenerating it is needed when the corpus or Pulumi.yaml changes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(HERE)]

from cases import corpus  # noqa: E402


def oracle() -> Path:
    """The oracle, built from main.go against Debian's go-yaml v3 (no network)."""
    out = Path(tempfile.mkdtemp()) / "oracle"
    env = {**os.environ, "GO111MODULE": "off", "GOPATH": "/usr/share/gocode"}
    subprocess.run(["go", "build", "-o", str(out), str(HERE / "main.go")], env=env, check=True)
    return out


def main() -> None:
    project = (ROOT / "Pulumi.yaml").read_text()
    cases = corpus()
    request = json.dumps({"project": project, "cases": cases})
    answers = json.loads(
        subprocess.run(
            [str(oracle())], input=request, capture_output=True, text=True, check=True
        ).stdout
    )
    recorded = {
        "_source": "tests/oracle/main.go (go-yaml v3.0.1 from Debian, Pulumi's stack-loading "
        "rules) over tests/oracle/cases.py; written by tests/oracle/record.py",
        "project": project,
        "cases": {name: {"text": cases[name], "pulumi": answers[name]} for name in sorted(cases)},
    }
    (HERE / "recorded.json").write_text(json.dumps(recorded, indent=1, ensure_ascii=False) + "\n")
    print(f"recorded {len(cases):,} cases")


if __name__ == "__main__":
    main()
