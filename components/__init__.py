"""auth0-sessions: Auth0 session lifetimes as code, checked before any API call.

The data path: stack file (stackfile.py) or engine config (engine.py) → rules
(settings.py, with durations.py and plans.py) → TenantSessionSettings (component.py)
→ auth0.Tenant. Only component.py and engine.py import pulumi; nothing here does, so
`python -m components check` stays fast.
"""
