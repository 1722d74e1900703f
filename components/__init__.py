"""auth0-sessions: Auth0 session lifetimes as code, checked before any API call.

The data path, bottom up, one subpackage a layer (each `__init__.py` says what it holds):
text → rules → stackfiles → resources | review | adopt → cli. Import contracts in
pyproject.toml ([tool.importlinter]) keep it so; only `resources` imports pulumi_auth0.

`TenantSessionSettings` and `SessionSettings` stay importable from here, loaded on first
use, so `python -m components check` never pays for pulumi.

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


__all__ = ["SessionSettings", "TenantSessionSettings"]


def __getattr__(name: str) -> object:
    """The public names, imported only when a program asks for them (PEP 562)."""
    if name == "TenantSessionSettings":
        from .resources.component import TenantSessionSettings

        return TenantSessionSettings
    if name == "SessionSettings":
        from .rules.settings import SessionSettings

        return SessionSettings
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
