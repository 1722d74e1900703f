"""Hypothesis profiles: `quick` by default (CI runs before every deploy), `thorough` one
variable away: `HYPOTHESIS_PROFILE=thorough .venv/bin/python -m pytest` runs ten times the
examples of every property (see harness.examples)."""

import os

from hypothesis import settings

settings.register_profile("quick", deadline=None)
settings.register_profile("thorough", deadline=None, max_examples=1_000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))

# The few tests that wait for real time (a deadline) or build a fleet run first, so the
# workers finish together instead of one starting a long test when the rest are done
# (benchmarks/fast_suite.py measures it).
LONG_FIRST = (
    "one-byte-a-second",
    "test_at_5000_stacks",
    "test_edits_within_the_rules_keep_ci_green",
    "test_any_yaml_on_either_side_of_a_diff",
    "test_any_config_is_valid_or_refused",
    "a-hundred-pages",
    "test_a_link_at_any_depth",
)


def pytest_collection_modifyitems(items: list) -> None:
    items.sort(key=lambda item: not any(name in item.nodeid for name in LONG_FIRST))
