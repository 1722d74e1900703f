"""The clocks chart: drawn for changed stacks and in audit's markdown, bounded per comment,
and made only of this project's words and numbers, whatever the names around it hold.

docs/images/clocks-chart.png is the README's comment chart as mermaid.js 12.3 drew it
(headless Chromium), the renderer GitHub uses.
"""

from __future__ import annotations

import json
import re

import pytest
from harness import Repo, cli_output
from hypothesis import given
from hypothesis import strategies as st

from components.review.audit import audit, render_markdown
from components.review.clocks import MAX_CHARTS, SAFE_LABEL
from components.rules.durations import Duration
from components.text.inert import bound_markdown, utf16_units

VALID_STACK = (
    "config:\n  auth0-sessions:plan: professional\n  auth0-sessions:requireLoginAfter: 7d\n"
)
# The only lines a chart may have: the fences, and these four, with labels and numbers.
_LABEL = r'"[A-Za-z0-9 .,:()/+-]{1,60}"'
_NUMBER = r"\d+(?:\.\d+)?"
GRAMMAR = [
    re.compile(r"```mermaid"),
    re.compile(r"xychart-beta horizontal"),
    re.compile(rf"    title {_LABEL}"),
    re.compile(rf"    x-axis \[{_LABEL}(?:, {_LABEL})*\]"),
    re.compile(rf'    y-axis "hours" 0 --> {_NUMBER}'),
    re.compile(rf"    bar \[{_NUMBER}(?:, {_NUMBER})*\]"),
    re.compile(r"```"),
]
PAYLOADS = [
    'x"]\nclick A call evil()\n%%{init: {"securityLevel": "loose"}}%%',
    "<img src=x onerror=alert(1)>",
    "[l](https://e.example) @admins ``` ~~~",
    "a;b\nstyle x fill:#f00",
    "\u202egnp.exe\u2066",
]


def charts(markdown: str) -> list[list[str]]:
    """Every ```mermaid block's lines (fences included)."""
    found, current = [], None
    for line in markdown.splitlines():
        if current is None and line.strip() == "```mermaid":
            current = [line.strip()]
        elif current is not None:
            current.append(line)
            if line.strip() == "```":
                found.append(current)
                current = None
    assert current is None, "a chart's fence was left open"
    return found


def _grammatical(chart: list[str]) -> bool:
    if len(chart) != len(GRAMMAR):
        return False
    return all(rule.fullmatch(line) for rule, line in zip(GRAMMAR, chart, strict=True))


def _changed(repo: Repo, stack: str, value: str) -> None:
    repo.set(stack, "requireLoginAfter", value)


def test_a_changed_stack_gets_a_chart_of_its_clocks(tmp_path):
    repo = Repo(tmp_path)
    _changed(repo, "dev", "7d")
    code, out = repo.diff("--base", "main", "--format", "markdown")
    assert code == 0
    [chart] = charts(out)
    assert _grammatical(chart), chart
    assert '"signed in: after"' in chart[3] and '"signed in: plan limit"' in chart[3]
    labels = re.findall(r'"([^"]*)"', chart[3])
    values = chart[5].removeprefix("    bar [").removesuffix("]").split(", ")
    assert dict(zip(labels, values, strict=True))["signed in: after"] == "168"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_name_or_value_reaches_a_chart(tmp_path, payload):
    repo = Repo(tmp_path)
    name = re.sub(r"[/\x00]", "_", payload.replace("\n", " "))[:60]
    text = repo.stack("dev").read_text().replace("requireLoginAfter: 30d", "requireLoginAfter: 7d")
    (repo.project / "stacks" / f"Pulumi.{name}.yaml").write_text(text)
    repo.set("dev", "requireLoginAfter", "7d")
    repo.set("prod", "baselines", json.dumps([payload]))
    _code, out = repo.diff("--base", "main", "--format", "markdown")
    found = charts(out)
    assert found
    for chart in found:
        assert _grammatical(chart), chart
        body = "\n".join(chart)
        assert name not in body and "click" not in body and "%%" not in body


@pytest.mark.parametrize("payload", PAYLOADS)
def test_application_names_never_reach_the_audit_chart(payload):
    clients = [
        {"name": payload, "client_id": payload, "app_type": payload},
        {
            "name": payload,
            "client_id": "c2",
            "app_type": "spa",
            "grant_types": ["refresh_token"],
            "refresh_token": {"expiration_type": "non-expiring"},
        },
    ]
    report = audit(
        clients, ["api"], (Duration.of(hours=24), Duration.of(hours=1)), [], ("pci-dss-4",)
    )
    [chart] = charts(render_markdown(report))
    assert _grammatical(chart), chart
    assert '"signed in: longest refresh token (unbounded)"' in chart[3]
    assert '"idle: baseline pci-dss-4"' in chart[3]


def test_at_5000_stacks_the_comment_has_a_few_charts_and_stays_in_bounds(tmp_path):
    repo = Repo(tmp_path)
    stacks = repo.project / "stacks"
    for index in range(5_000):
        (stacks / f"Pulumi.t{index:04d}.yaml").write_text(VALID_STACK)
    repo.commit("a fleet")
    for index in range(5_000):
        path = stacks / f"Pulumi.t{index:04d}.yaml"
        path.write_text(path.read_text().replace("requireLoginAfter: 7d", "requireLoginAfter: 3d"))
    diff = tmp_path / "diff.md"
    code, out = repo.diff("--base", "main", "--format", "markdown")  # shown in full until
    assert len(out) <= 30_000 and "the session settings diff was cut here" in out  # the bound
    assert len(charts(out)) == MAX_CHARTS
    diff.write_text(out)
    code, comment = cli_output("comment", "--diff", str(diff))
    assert code == 0 and utf16_units(comment) <= 65_536
    found = charts(comment)
    assert 1 <= len(found) <= MAX_CHARTS and all(_grammatical(c) for c in found)


@given(st.integers(200, 3_000))
def test_a_cut_never_leaves_a_chart_open(limit):
    chart = ["```mermaid", "xychart-beta horizontal", '    title "t"', "```"]
    text = "\n".join(["# head", *chart, "line " * 40, *chart, "tail " * 40, *chart]) + "\n"
    charts(bound_markdown(text, limit))  # asserts no open fence


def test_the_label_set_holds_no_mermaid_syntax():
    for char in "\"';[]{}<>%#&`\n\\|":
        assert not SAFE_LABEL.fullmatch(f"a{char}b"), char
