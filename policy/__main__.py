"""The auth0-sessions policy pack: `pulumi preview --policy-pack policy --policy-pack-config …`.

The rules are imported from this repository's `components` package (one level up), not
copied: the pack and the auth0-sessions program can never disagree.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for `components`

from pulumi_policy import EnforcementLevel, PolicyPack
from tenant_sessions import TENANT_SESSION_LIFETIMES

import components  # noqa: F401  (first: an interpreter older than 3.11 stops with one line)

PolicyPack(
    name="auth0-sessions",
    enforcement_level=EnforcementLevel.MANDATORY,  # per policy: "enforcementLevel" in config
    policies=[TENANT_SESSION_LIFETIMES],
)
