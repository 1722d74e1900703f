"""When a changed limit reaches people already signed in (Auth0 docs, "Session lifetime
limits"): a shorter one applies to an existing session at its next request, a longer one
only to sessions that start after it, so a signed-in user keeps the old limit until they
log in again. An organization's or connection's limit is set by our Post-Login Action,
which runs at login: either way it reaches a user at their next login.

One phrase per changed clock, for `diff`, the review comment and `check`.
"""

from __future__ import annotations

from .durations import Duration

SHORTER = "get it at their next request"
AT_LOGIN = "get it at their next login (our Action sets it then)"
# check has no before: it says both at once, under its table
BOTH_WAYS = (
    "A changed limit reaches users signed in now as Auth0 applies it: a shorter one at "
    "their next request, a longer one only once they log in again."
)


def signed_in_now(
    old: Duration | None, new: Duration | None, session_end: Duration | None, scoped: bool
) -> str:
    """What users signed in now get of a clock changed from `old` to `new` ("" when it
    does not change, or one side is unmanaged: the tenant's own value is not known).
    `session_end` is the longest an existing session can last (the old require log in
    after of the clock's pair), the most a user keeps an old, shorter limit."""
    if old is None or new is None or old == new:
        return ""
    if scoped:
        return AT_LOGIN
    if new < old:
        return SHORTER
    most = f" (up to {session_end.human()})" if session_end is not None else ""
    return f"keep the old limit until they log in again{most}"
