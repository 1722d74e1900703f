"""What the real `pulumi` printed, as README.md and docs/ show it.

A block is written as

    <!-- pulumi output: NAME -->
    ```text
    $ pulumi preview --stack dev
    …what the CLI printed…
    ```

and the end-to-end suite compares the whole block with what the command printed in its
scenario (`AUTH0_SESSIONS_RECORD=1` writes it instead). The CLI's own words are kept;
only what differs from run to run is made fixed: progress lines (`@ previewing…`) are
left out, the streamed resource lines of each burst are sorted and each shown once (a
row redrawn with no status or echoing a message is left out: Diagnostics has it), and
the Diagnostics section's groups sorted (resources are refreshed and created in parallel,
so the order of those lines, how often a status repeats and which row carries a message
count vary: counts are left out of those rows), timings are fixed, and the Tenant's id.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

from rig import ROOT

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MARKER = re.compile(
    r"^(?P<indent> *)<!-- pulumi output: (?P<name>[\w-]+) -->\n"
    r"(?P=indent)```text\n(?P<body>.*?)^(?P=indent)```",
    re.S | re.M,
)
_STREAMED = re.compile(r"^ (?:[+~-]|\+-|  ) +\S+:\S+ \S+")  # " +  auth0:index:Tenant x create"
# A row redrawn with no status, or echoing a message (`running error: …`): which of those
# the display prints depends on timing, and every message is in Diagnostics in full.
_ECHOED = re.compile(r"(?:^|\s)error: ")
# The display puts a resource's message counts on whichever of its rows it redraws last,
# so which row carries them varies; Diagnostics and Resources have them. Their words and
# the "; " between them are the CLI's (pkg/backend/display/rows.go: `1 error; 2 warnings`).
_COUNTS = re.compile(r"(?:(?:;|\s)\s*\d+ (?:errors?|warnings?|messages?|debugs?))+\s*$")


def normalize(command: str, output: str) -> str:
    lines = [line.rstrip() for line in output.splitlines() if not line.startswith("@ ")]
    fixed: list[str] = []
    burst: list[str] = []
    for line in [*lines, ""]:
        streamed = _STREAMED.match(line)
        if streamed:
            line = _COUNTS.sub("", line)
            rest = line[streamed.end() :]
            if rest.strip() and not _ECHOED.search(rest):
                burst.append(line)
            continue
        fixed += sorted(set(burst))
        burst = []
        fixed.append(line)
    text = _sorted_diagnostics("\n".join(fixed).strip("\n"))
    text = re.sub(r"\((?:\d+\.)?\d+m?s\)", "(1s)", text)
    text = re.sub(r"^Duration: .*$", "Duration: 4s", text, flags=re.M)
    text = re.sub(r"terraform-\d{20,30}", "terraform-20260101000000000000000001", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return f"$ {command}\n{text}\n"


def _sorted_diagnostics(text: str) -> str:
    """The Diagnostics section's groups (one per resource, in the order they finished)
    sorted."""
    match = re.search(r"^Diagnostics:\n(?P<body>(?:(?:  .*)?\n)+?)(?=\S)", text + "\n", re.M)
    if not match:
        return text
    groups = [g.strip("\n") for g in re.split(r"\n\s*\n", match.group("body")) if g.strip()]
    body = "\n\n".join(sorted(groups)) + "\n\n"
    whole = text + "\n"
    return (whole[: match.start("body")] + body + whole[match.end("body") :]).rstrip("\n")


def documented(name: str, command: str, output: str) -> None:
    """Compare (or, when recording, write) every block named `name` in README and docs/."""
    shown = normalize(command, output)
    found = 0
    for document in DOCUMENTS:
        text = document.read_text()
        blocks = [m for m in MARKER.finditer(text) if m.group("name") == name]
        for match in reversed(blocks):
            found += 1
            indent = match.group("indent")
            body = "".join(f"{indent}{line}".rstrip() + "\n" for line in shown.splitlines())
            if os.environ.get("AUTH0_SESSIONS_RECORD") == "1":
                text = text[: match.start("body")] + body + text[match.end("body") :]
            else:
                changes = "".join(
                    difflib.unified_diff(
                        match.group("body").splitlines(keepends=True),
                        body.splitlines(keepends=True),
                        "documented",
                        "printed",
                    )
                )
                assert match.group("body") == body, (
                    f"{document.relative_to(ROOT)}: the block `{name}` is not what "
                    f"`{command}` printed; record again with AUTH0_SESSIONS_RECORD=1\n{changes}"
                )
        if blocks and os.environ.get("AUTH0_SESSIONS_RECORD") == "1":
            Path(document).write_text(text)
    assert found, f"no `<!-- pulumi output: {name} -->` block in README.md or docs/"
