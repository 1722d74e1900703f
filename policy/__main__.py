"""The auth0-sessions policy pack: `pulumi preview --policy-pack policy --policy-pack-config …`.

The rules are imported from this repository's `components` package (one level up), not
copied: the pack and the auth0-sessions program can never disagree.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # for `components`
import components  # noqa: E402, F401  (first: an interpreter older than 3.11 stops here)

sys.path.insert(0, str(HERE))  # for `tenant_sessions`, whatever the working folder
from client_refresh_tokens import CLIENT_REFRESH_TOKENS  # noqa: E402
from pulumi_policy import EnforcementLevel, PolicyPack  # noqa: E402
from tenant_sessions import TENANT_SESSION_LIFETIMES  # noqa: E402

PolicyPack(
    name="auth0-sessions",
    enforcement_level=EnforcementLevel.MANDATORY,  # per policy: "enforcementLevel" in config
    policies=[TENANT_SESSION_LIFETIMES, CLIENT_REFRESH_TOKENS],
)
