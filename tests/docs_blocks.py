"""The output blocks of README.md and docs/: each is what a real command prints.

A block is written as

    <!-- output: check docs/examples/Pulumi.sandbox.yaml -->
    ```text
    …exactly what `python -m components check docs/examples/Pulumi.sandbox.yaml` prints…
    ```

and `tests/test_docs.py` runs every one and compares the whole block. A block whose
output holds a fence of its own (the review comment's Mermaid chart) is fenced with
four backticks. `output (stderr):`
takes standard error instead. Placeholders: `{pr}`, the example pull request's project
(docs/examples/stacks/ committed as `main`, then docs/examples/pr/ on top);
`{pr:diff.md}`, that project's `diff --base main --format markdown` as a file;
`{preview:NAME}`, `summarize tests/previews/NAME.json` as a file.

Run `.venv/bin/python tests/docs_blocks.py --write` to rewrite every block after a change
in wording (then read the diff: it is what users will read).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "examples"
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MARKER = re.compile(
    r"^(?P<indent> *)<!-- output(?P<stderr> \(stderr\))?: (?P<args>[^\n]*?) -->\n"
    r"(?P=indent)(?P<fence>```+)(?P<lang>\w+)\n(?P<body>.*?)^(?P=indent)(?P=fence)$",
    re.S | re.M,
)
GIT_ENV = {
    "GIT_AUTHOR_NAME": "docs",
    "GIT_AUTHOR_EMAIL": "docs@example.com",
    "GIT_COMMITTER_NAME": "docs",
    "GIT_COMMITTER_EMAIL": "docs@example.com",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


@dataclass(frozen=True)
class Block:
    document: Path
    args: str
    stderr: bool
    body: str  # as the document has it, indented like the block
    indent: str
    start: int
    end: int

    def shown(self, printed: str) -> str:
        """`printed` as the document must hold it (a block in a list item is indented)."""
        return textwrap.indent(printed, self.indent)


def blocks(document: Path) -> list[Block]:
    text = document.read_text()
    return [
        Block(
            document,
            m["args"],
            bool(m["stderr"]),
            m["body"],
            m["indent"],
            m.start("body"),
            m.end("body"),
        )
        for m in MARKER.finditer(text)
    ]


def _git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args], cwd=project, env={**os.environ, **GIT_ENV}, check=True, capture_output=True
    )


@contextlib.contextmanager
def _places() -> Iterator[dict[str, str]]:
    """The placeholders' paths, made fresh in a temporary folder."""
    from components.cli.main import main

    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "pr"
        shutil.copytree(EXAMPLES / "stacks", project / "stacks")
        shutil.copy(ROOT / "Pulumi.yaml", project)
        _git(project, "init", "-q", "-b", "main")
        _git(project, "add", "-A")
        _git(project, "commit", "-q", "-m", "base")
        for path in (EXAMPLES / "pr").glob("Pulumi.*.yaml"):
            shutil.copy(path, project / "stacks" / path.name)
        places = {"pr": str(project)}
        diff = Path(scratch) / "diff.md"
        with diff.open("w") as out:
            main(["diff", "--project", str(project), "--base", "main", "--format", "markdown"], out)
        places["pr:diff.md"] = str(diff)
        for preview in (ROOT / "tests" / "previews").glob("*.json"):
            summary = Path(scratch) / f"{preview.stem}.md"
            with summary.open("w") as out:
                main(["summarize", str(preview)], out)
            places[f"preview:{preview.stem}"] = str(summary)
        yield places


def run(block: Block, places: dict[str, str]) -> str:
    """What `python -m components ARGS` prints for the block, run from the repository root."""
    from components.cli.main import main

    argv = [
        re.sub(r"\{([^}]+)\}", lambda m: places[m.group(1)], arg) for arg in shlex.split(block.args)
    ]
    out, err = io.StringIO(), io.StringIO()
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stderr(err), contextlib.suppress(SystemExit):  # --help exits
            main(argv, out)
    finally:
        os.chdir(cwd)
    text = err.getvalue() if block.stderr else out.getvalue()
    for placeholder, path in places.items():
        text = text.replace(path, f"{{{placeholder}}}")
    return text


def outputs() -> Iterator[tuple[Block, str]]:
    with _places() as places:
        for document in DOCUMENTS:
            for block in blocks(document):
                yield block, run(block, places)


def write() -> None:
    changed: dict[Path, str] = {}
    pairs = sorted(outputs(), key=lambda pair: (str(pair[0].document), -pair[0].start))
    for block, printed in pairs:
        text = changed.get(block.document, block.document.read_text())
        changed[block.document] = text[: block.start] + block.shown(printed) + text[block.end :]
    for document, text in changed.items():
        document.write_text(text)
        print(f"wrote {document.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if sys.argv[1:] != ["--write"]:
        raise SystemExit("usage: .venv/bin/python tests/docs_blocks.py --write")
    write()
