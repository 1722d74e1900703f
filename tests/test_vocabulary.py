"""Keys in the docs' and Dashboard's own words get a did-you-mean to ours, however written.

The spellings are generated (hypothesis): phrases from the Auth0 docs' words, in any
word order, in every casing and separator people use. A new casing or order needs no
new line of code, here or in components/rules/vocabulary.py.
"""

from __future__ import annotations

import re

import pytest
from harness import FIXTURES, check_output
from hypothesis import given, settings
from hypothesis import strategies as st

from components.rules.keys import unknown_key_message
from components.rules.settings import known_keys
from components.stackfiles.stackconfig import StackSettings

ABSOLUTE_PHRASES = [
    ["absolute", "expiration"],
    ["require", "log", "in", "after"],
    ["require", "login", "after"],
    ["session", "lifetime"],
    ["maximum", "session", "lifetime"],
    ["absolute", "session", "lifetime"],
    ["session", "expiration"],
    # Auth0 calls session_lifetime the absolute expiration: never the idle clock
    ["absolute", "timeout"],
    ["absolute"],
    ["maximum"],
    ["max", "session"],
    ["lifetime"],
]
IDLE_PHRASES = [
    ["inactivity", "timeout"],
    ["idle", "session", "lifetime"],
    ["idle", "timeout"],
    ["session", "timeout"],
    ["idle"],
    ["timeout"],
    ["inactivity"],
]
EPHEMERAL = [["ephemeral"], ["non", "persistent"], ["nonpersistent"]]


def _style(words: list[str], style: str) -> str:
    if style == "camel":
        return words[0] + "".join(w.capitalize() for w in words[1:])
    if style == "pascal":
        return "".join(w.capitalize() for w in words)
    if style == "title":
        return " ".join(w.capitalize() for w in words)
    if style == "sentence":
        return " ".join(words).capitalize()
    if style == "screaming":
        return "_".join(words).upper()
    if style == "together":
        return "".join(words)
    separator = {"snake": "_", "kebab": "-", "space": " ", "dot": "."}[style]
    return separator.join(words)


STYLES = ["camel", "pascal", "title", "sentence", "screaming", "together", "snake", "kebab",
          "space", "dot"]  # fmt: skip


@st.composite
def spellings(draw: st.DrawFn) -> tuple[str, str]:
    """(a key in the docs' words, the key of ours it means)."""
    idle = draw(st.booleans())
    phrase = list(draw(st.sampled_from(IDLE_PHRASES if idle else ABSOLUTE_PHRASES)))
    ephemeral = draw(st.booleans())
    if ephemeral:
        at = draw(st.integers(0, len(phrase)))
        phrase[at:at] = draw(st.sampled_from(EPHEMERAL))
    phrase = list(draw(st.permutations(phrase))) if draw(st.booleans()) else phrase
    ours = (
        ("ephemeralI" if ephemeral else "i") + "nactivityTimeout"
        if idle
        else ("ephemeralR" if ephemeral else "r") + "equireLoginAfter"
    )
    return _style(phrase, draw(st.sampled_from(STYLES))), ours


@given(spellings())
@settings(max_examples=400)
def test_every_spelling_of_the_docs_words_gets_our_key(spelling):
    name, ours = spelling
    known = known_keys(StackSettings)
    if name in known:
        return  # written as ours: nothing to refuse
    message = unknown_key_message(name, known)
    assert message.startswith(f'unknown key (did you mean "{ours}"?)'), (name, message)


@pytest.mark.parametrize(
    ("key", "ours"),
    [
        ("Absolute Expiration", "requireLoginAfter"),
        ("Require log in after", "requireLoginAfter"),
        ("Inactivity timeout", "inactivityTimeout"),
        ("idle-session-lifetime", "inactivityTimeout"),
        ("NON_PERSISTENT_IDLE_TIMEOUT", "ephemeralInactivityTimeout"),
    ],
)
def test_check_says_why_ours_carries_a_unit(tmp_path, key, ours):
    text = (FIXTURES / "Pulumi.dev.yaml").read_text()
    stack = tmp_path / "Pulumi.dev.yaml"
    stack.write_text(text + f'  "auth0-sessions:{key}": 3d\n')
    code, out = check_output(str(stack))
    assert code == 1
    line = next(line for line in out.splitlines() if "unknown key" in line)
    assert f'(did you mean "{ours}"?)' in line
    assert "our keys take a unit" in line and "hours" in line and "minutes" in line


@pytest.mark.parametrize("key", ["wave2", "session", "owner", "timeZone", "logo", "plans"])
def test_other_words_are_not_taken_for_a_session_setting(key):
    message = unknown_key_message(key, known_keys(StackSettings))
    assert not re.search(r"(requireLoginAfter|inactivityTimeout)\"\?\)", message), message


IDLE_ONLY = ["idle", "inactivity", "inactive"]
ABSOLUTE_ONLY = ["absolute", "require", "login"]
OTHER = [
    "maximum",
    "session",
    "timeout",
    "lifetime",
    "expiration",
    "after",
    "time",
    "out",
    "x",
    "age",
]


@given(
    st.lists(st.sampled_from(IDLE_ONLY + ABSOLUTE_ONLY + OTHER), min_size=1, max_size=5),
    st.booleans(),
    st.sampled_from(STYLES),
)
@settings(max_examples=400)
def test_a_suggestion_never_names_the_other_clock_of_a_pair(words, ephemeral, style):
    """Whatever the words and however written, a name with a word of one clock only is
    never pointed at the other clock, and a name with words of both at neither; maximum
    names the absolute clock unless an idle word says whose maximum it is."""
    words = ["ephemeral", *words] if ephemeral else words
    name = _style(words, style)
    known = known_keys(StackSettings)
    if name in known:
        return
    message = unknown_key_message(name, known)
    suggested = re.match(r'unknown key \(did you mean "([^"]+)"\?\)', message)
    key = suggested.group(1) if suggested else ""
    idle, absolute = set(words) & set(IDLE_ONLY), set(words) & set(ABSOLUTE_ONLY)
    if absolute or ("maximum" in words and not idle):
        assert "nactivityTimeout" not in key, (name, message)
    if idle:
        assert "equireLoginAfter" not in key, (name, message)
