"""auth0-sessions: Auth0 session lifetimes as code, checked before any API call.

The data path: stack file (stackfile.py) or engine config (engine.py) → rules
(settings.py, with durations.py, plans.py, keys.py and credentials.py) →
TenantSessionSettings (component.py) → auth0.Tenant. Only component.py, engine.py and
package.py (the component package served by plugin/) import pulumi; nothing else here
does, so `python -m components check` stays fast.

Every entry point (the program, `python -m components`, the policy pack) imports this
package first, so an interpreter that is too old stops here with one clear line.
"""

import sys

REQUIRED_PYTHON = (3, 11)

if tuple(sys.version_info[:2]) < REQUIRED_PYTHON:
    raise SystemExit(
        f"auth0-sessions needs Python {'.'.join(map(str, REQUIRED_PYTHON))} or newer; this is "
        f"Python {'.'.join(map(str, sys.version_info[:3]))} ({sys.executable}). Make the "
        "virtualenv with a newer interpreter, e.g. `python3.11 -m venv .venv`."
    )
