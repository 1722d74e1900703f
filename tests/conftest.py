"""Hypothesis profiles: `quick` by default (CI runs before every deploy), `thorough` one
variable away: `HYPOTHESIS_PROFILE=thorough .venv/bin/python -m pytest` runs ten times the
examples of every property (see harness.examples)."""

import os

from hypothesis import settings

settings.register_profile("quick", deadline=None)
settings.register_profile("thorough", deadline=None, max_examples=1_000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))
