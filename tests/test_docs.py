"""README.md and docs/ tell the truth: every output block is what the real command prints
from a committed input, every link leads somewhere, and README stays a quick start."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docs_blocks import DOCUMENTS, EXAMPLES, ROOT, Block, _places, blocks, run

BLOCKS = [block for document in DOCUMENTS for block in blocks(document)]
FENCE = re.compile(r"^( *)```(\w*)\n", re.M)
LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.fixture(scope="module")
def places():
    with _places() as found:
        yield found


def _id(block: Block) -> str:
    return f"{block.document.relative_to(ROOT)}: {block.args}"


def test_the_docs_have_output_blocks():
    assert len(BLOCKS) >= 8
    assert {b.document.name for b in BLOCKS} >= {"README.md", "configuration.md", "adopt.md"}


@pytest.mark.parametrize("block", BLOCKS, ids=_id)
def test_each_output_block_is_what_the_command_prints(block, places):
    printed = run(block, places)
    assert printed, "the command printed nothing"
    assert block.body == block.shown(printed), (
        "out of date: run `.venv/bin/python tests/docs_blocks.py --write`"
    )


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_every_output_block_has_its_command(document):
    """A `text` or `markdown` block shows output; each says which command printed it."""
    text = document.read_text()
    marked = {b.start for b in blocks(document)}
    for match in FENCE.finditer(text):
        if match.group(2) not in ("text", "markdown") or match.end() in marked:
            continue
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        if re.fullmatch(r" *<!-- pulumi output: [\w-]+ -->", before):
            continue  # the real CLI's output: tests/e2e compares it (test below)
        tested = re.fullmatch(r" *<!-- tested by: (tests/[\w/]+\.py) .*-->", before)
        assert tested, f"{document.name}: a {match.group(2)} block at {match.start()} has no "
        "<!-- output: … --> line"
        assert document.name in (ROOT / tested.group(1)).read_text()


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_links_lead_somewhere(document):
    for target in LINK.findall(document.read_text()):
        if target.startswith(("http://", "https://")):
            continue
        path, _, anchor = target.partition("#")
        file = (document.parent / path) if path else document
        assert file.exists(), f"{document.name}: {target}"
        if anchor:
            headings = re.findall(r"^#+ (.+)$", file.read_text(), re.M)
            slugs = {_slug(h) for h in headings}
            assert anchor in slugs, f"{document.name}: {target} (anchors: {sorted(slugs)})"


def _slug(heading: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def test_the_sandbox_examples_input_is_shown_beside_its_output():
    page = (ROOT / "docs" / "configuration.md").read_text()
    assert f"```yaml\n{(EXAMPLES / 'Pulumi.sandbox.yaml').read_text()}```" in page


def test_readme_is_a_quick_start_with_an_index_of_the_docs():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.encode()) < 10_000
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"(docs/{page.name})" in readme, page.name


def test_docs_write_the_command_one_way():
    for document in DOCUMENTS:
        bare = re.findall(r"(?<![./\w])python -m components", document.read_text())
        in_blocks = sum(b.body.count("python -m components") for b in blocks(document))
        assert len(bare) == in_blocks, f"{document.name}: write `.venv/bin/python -m components`"


def test_docs_blocks_are_found_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert blocks(Path(ROOT / "README.md"))


def test_every_block_of_real_pulumi_output_is_written_by_the_end_to_end_suite():
    """`<!-- pulumi output: NAME -->` blocks come from tests/e2e (transcripts.py): each
    name must be one a scenario there writes, and none may be left empty."""
    import re

    suite = "".join(p.read_text() for p in (ROOT / "tests" / "e2e").glob("test_*.py"))
    marker = re.compile(r"<!-- pulumi output: ([\w-]+) -->\n```text\n(.*?)```", re.S)
    found = [m for doc in DOCUMENTS for m in marker.finditer(doc.read_text())]
    assert found
    for match in found:
        assert f'"{match.group(1)}"' in suite, match.group(1)
        # the command the user typed: `pulumi …`, or a program running the engine
        assert re.match(r"\$ (pulumi|node|\./)", match.group(2)), match.group(1)
