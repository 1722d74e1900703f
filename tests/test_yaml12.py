"""YAML as Pulumi reads it: go-yaml v3's scalar resolution (resolve.go), tested on its own cases.

Cases from go-yaml/yaml (branch v3) decode_test.go (`map[string]interface{}` targets) and
from resolve.go's rules, with the YAML 1.1 readings PyYAML would give instead noted.
"""

from __future__ import annotations

import math

import pytest
import yaml

from components.stackfiles.yaml12 import YamlError, load, resolve_plain

GO_YAML_CASES = [  # (document, value of v) from decode_test.go
    ("v: hi", "hi"),
    ("v: true", True),
    ("v: 10", 10),
    ("v: 0b10", 2),
    ("v: 0xA", 10),
    ("v: 4294967296", 4294967296),
    ("v: 0.1", 0.1),
    ("v: .1", 0.1),
    ("v: .Inf", math.inf),
    ("v: -.Inf", -math.inf),
    ("v: -10", -10),
    ("v: -.1", -0.1),
    ("v: !!float '1.1'", 1.1),
    ("v: !!float 0", 0.0),
    ("v: !!float -1", -1.0),
    ("v: !!null ''", None),
    ("%TAG !y! tag:yaml.org,2002:\n---\nv: !y!int '1'", 1),
    ("v: ! test", "test"),
    ("v: ~", None),
    ("v:", None),
    ("v: 'true'", "true"),
]


@pytest.mark.parametrize(("document", "expected"), GO_YAML_CASES)
def test_go_yamls_own_cases(document, expected):
    if isinstance(expected, float) and not math.isfinite(expected):
        # go-yaml reads an infinity, which Pulumi then cannot pass on as JSON: refused
        assert resolve_plain(document.split(": ", 1)[1]) == expected
        with pytest.raises(YamlError, match="not a finite number"):
            load(document)
        return
    value = load(document)["v"]
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("text", "ours", "pyyaml_1_1"),
    [
        ("yes", "yes", True),  # YAML 1.1 booleans are text in 1.2 (resolve.go's map has none)
        ("on", "on", True),
        ("No", "No", False),
        ("12:30", "12:30", 750),  # sexagesimal: "purposefully unsupported"
        ("1_000", 1000, 1000),  # underscores are dropped before ParseInt
        ("0777", 511, 511),  # "Octals from the 1.1 spec ... still decoded by default in v3"
        ("0o17", 15, "0o17"),
        ("2001-12-14", "2001-12-14", None),  # a timestamp: Pulumi keeps it as text
        ("1e400", "1e400", "1e400"),  # ParseFloat's range error: kept as text
        ("1.5e+400", "1.5e+400", math.inf),
        (".nan", math.nan, math.nan),
        ("+12", 12, 12),
        ("tRue", "tRue", "tRue"),
    ],
)
def test_plain_scalars_resolve_as_in_go_yaml_v3(text, ours, pyyaml_1_1):
    value = resolve_plain(text)
    if isinstance(ours, float) and math.isnan(ours):
        assert math.isnan(value)
    else:
        assert value == ours and type(value) is type(ours)
    if pyyaml_1_1 is not None and not (isinstance(ours, float) and math.isnan(ours)):
        assert yaml.safe_load(f"v: {text}")["v"] == pyyaml_1_1  # why PyYAML alone won't do


def test_quoted_scalars_stay_text():
    assert load('v: "10"\nw: \'yes\'\nx: "~"') == {"v": "10", "w": "yes", "x": "~"}


@pytest.mark.parametrize(
    "document",
    ["v: !!int abc", "v: !!bool yes", "v: !!binary aGk=", "v: !!python/name:os.system"],
)
def test_tags_go_yaml_would_refuse_or_we_do_not_accept(document):
    with pytest.raises(YamlError):
        load(document)
