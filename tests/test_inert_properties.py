"""Every character that could make text read differently from what it is, escaped by
Unicode property: in a terminal, in the review's markdown and in JSON alike.

The oracle is the standard library's `unicodedata` (a different table from the `regex`
package the product uses) plus the characters the issue names; hypothesis draws the
rest of each class.
"""

from __future__ import annotations

import json
import unicodedata

import pytest
from harness import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from components.text.inert import inert_output, md_code, snippet, terminal

UNSAFE_CATEGORIES = ("Cc", "Cf", "Co", "Cs", "Zl", "Zp")
# Default_Ignorable or Bidi_Control but not Cf/Cc: the tables' own members the issue
# names (soft hyphen is Cf; U+034F, variation selectors and Hangul fillers are not).
NAMED = [
    "\u061c",  # ARABIC LETTER MARK (Bidi_Control)
    "\u00ad",  # SOFT HYPHEN
    "\u034f",  # COMBINING GRAPHEME JOINER (Mn, default ignorable)
    "\u115f",  # HANGUL CHOSEONG FILLER (Lo, default ignorable)
    "\u3164",  # HANGUL FILLER
    "\ufe0f",  # VARIATION SELECTOR-16
    "\U000e0100",  # VARIATION SELECTOR-17
    *(chr(c) for c in range(0xE0000, 0xE0080)),  # the tag characters
]


def _unsafe(char: str) -> bool:
    return unicodedata.category(char) in UNSAFE_CATEGORIES or char in NAMED


def _clean(text: str, allowed: str = "") -> bool:
    return not any(_unsafe(c) for c in text if c not in allowed)


@pytest.mark.parametrize("char", NAMED, ids=lambda c: f"U+{ord(c):04X}")
def test_each_named_character_is_escaped_everywhere(char):
    text = f"a{char}b"
    for shown in (terminal(text), snippet(text), md_code(text), inert_output(text)):
        assert char not in shown and _clean(shown)
    assert f"{ord(char):x}" in terminal(text)


@given(st.characters(categories=UNSAFE_CATEGORIES))
def test_every_character_of_an_unsafe_category_is_escaped(char):
    assert _clean(terminal(char)) and terminal(char) != char
    assert _clean(inert_output(char), "\n")


@given(st.text())
@settings(max_examples=300)
def test_any_text_comes_out_clean_and_json_keeps_it_exactly(text):
    assert _clean(terminal(text)) and _clean(snippet(text, 10_000)) and _clean(md_code(text))
    document = json.dumps({"value": text}, ensure_ascii=False, indent=2)
    printed = inert_output(document)
    assert _clean(printed, "\n")
    assert json.loads(printed) == {"value": text}  # the same data, every character visible


PAYLOADS = ["\x1b]8;;https://evil.example\x07click\x1b]8;;\x07", "\x1b[2J", "a\rb", "\u061cx"]


@pytest.mark.parametrize("payload", [*PAYLOADS, "\U000e0041\u00ad"])
@pytest.mark.parametrize("output", [[], ["--json"]])
def test_no_command_prints_an_unsafe_character(tmp_path, payload, output):
    """The net under every renderer: a hostile value quoted by check, in text and JSON."""
    stack = tmp_path / "Pulumi.dev.yaml"
    stack.write_text(
        "config:\n  auth0-sessions:plan: professional\n"
        f"  auth0-sessions:requireLoginAfter: {json.dumps(payload)}\n"
    )
    done = run_cli("check", *output, str(stack))
    assert done.returncode == 1
    assert _clean(done.stdout, "\n") and _clean(done.stderr, "\n")
    if output:
        assert json.loads(done.stdout)  # still JSON
