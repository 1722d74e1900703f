"""The rest of the tenant: what the provider's create would clear, carried over as it is.

terraform-provider-auth0 (which pulumi-auth0 bridges) creates a Tenant by PATCHing the
inputs it is given and then, in a second PATCH (internal/auth0/tenant/expand.go
`fetchNullableFields`), sending `null` for each of these five blocks that the inputs
lack: the tenant's custom error page, mTLS settings, token quotas, callback-prompt
setting and country-code filter would be wiped by our first `pulumi up`. So the
component reads the tenant first (`auth0.get_tenant`, same provider and credentials)
and gives the Tenant each block that is set, exactly as read; `ignore_changes` on all
five then leaves later edits of them to whoever makes them. A block that is not set is
not carried: its null changes nothing.

Names and shapes: the data source (`get_tenant`, flatten.go) answers with lists of
one (`error_pages`, `mtls`, `default_token_quotas`, `country_codes` with `lists`) and
the callback prompt as a string ("true"/"false"/"null"); the resource takes single
blocks. No pulumi import here: the mapping is plain data, tested on its own.

Exactly as the tenant has them, no more (terraform-provider-auth0 flatten.go, expand.go,
commons/token_quota.go):
- Error page: the data source fills the fields the tenant never set with zero values
  ("" and false). Only non-empty `html`/`url` are sent. `show_log_link` is read as the
  tenant's own beside them (the API answers it with the page: in the provider's
  recordings, TestAccTenant_Main, `"show_log_link":false` comes with html and url);
  alone, only a true is: a lone false may be the zero value of an absent field, which
  go-auth0 documents as defaulting to true. (The provider treats a block with neither
  text nor a true link as empty, so a lone false could not be carried anyway.)
- Token quotas: `enforce` is carried as read, false included: left out, the bridge
  fills the schema default `true`, turning a log-only quota into one that refuses
  tokens. Limits of 0 are the zero value of an absent one (the schema takes 1 and up).
- Country codes: the resource refuses an empty list (MinItems 1), so a filter with a
  mode and no codes is not carried; `invalid_blocks` names it for the program to say.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

READ = (  # get_tenant's attributes that carried_settings reads
    "error_pages",
    "mtls",
    "default_token_quotas",
    "skip_non_verifiable_callback_uri_confirmation_prompt",
    "country_codes",
)


def _first(value: object) -> Mapping[str, object] | None:
    """The one element of a data source's list-of-one, or None when it is empty."""
    if isinstance(value, Sequence) and not isinstance(value, str) and value:
        item = value[0]
        return item if isinstance(item, Mapping) else None
    return value if isinstance(value, Mapping) else None


def _text(value: object) -> bool:
    """A string the tenant set: the data source shows an unset one as ""."""
    return isinstance(value, str) and value != ""


def _quota(block: object) -> dict[str, object] | None:
    """`{client_credentials: {...}}` from `[{client_credentials: [{...}]}]`, if it sets anything.

    A per-hour or per-day of 0 is what the data source shows for "not set" (Terraform's
    zero value), so only positive limits are carried: 0 would block every token.
    """
    credentials = _first((_first(block) or {}).get("client_credentials"))
    if credentials is None:
        return None
    kept: dict[str, object] = {}
    if isinstance(credentials.get("enforce"), bool):  # false too: absent, it becomes true
        kept["enforce"] = credentials["enforce"]
    for key in ("per_hour", "per_day"):
        amount = credentials.get(key)
        if isinstance(amount, int) and not isinstance(amount, bool) and amount > 0:
            kept[key] = amount
    return {"client_credentials": kept} if kept else None


def carried_settings(current: Mapping[str, object]) -> dict[str, object]:
    """Tenant arguments for each of the five blocks the tenant has set (see the module doc)."""
    carried: dict[str, object] = {}
    page = _first(current.get("error_pages")) or {}
    shown: dict[str, object] = {k: page[k] for k in ("html", "url") if _text(page.get(k))}
    link = page.get("show_log_link")
    if isinstance(link, bool) and (shown or link):  # a lone false may be a zero value
        shown["show_log_link"] = link
    if shown:
        carried["error_page"] = dict(sorted(shown.items()))
    mtls = _first(current.get("mtls"))
    if mtls and mtls.get("disable") is not True and mtls.get("enable_endpoint_aliases") is not None:
        carried["mtls"] = {"enable_endpoint_aliases": mtls["enable_endpoint_aliases"]}
    quotas = _first(current.get("default_token_quotas"))
    if quotas:
        kept = {
            side: quota
            for side in ("clients", "organizations")
            if (quota := _quota(quotas.get(side))) is not None
        }
        if kept:
            carried["default_token_quota"] = kept
    prompt = current.get("skip_non_verifiable_callback_uri_confirmation_prompt")
    if prompt in ("true", "false"):
        carried["skip_non_verifiable_callback_uri_confirmation_prompt"] = prompt
    codes = _first(current.get("country_codes"))
    if codes and _text(codes.get("mode")) and codes.get("lists"):
        carried["country_codes"] = {"lists": list(codes["lists"]), "mode": codes["mode"]}
    return carried


COUNTRY_CODES_NOTE = (
    "the tenant's country-code filter has a mode ({mode}) but no country codes, which "
    "pulumi-auth0 cannot send (it takes at least one): it is not carried, so this stack's "
    "first `pulumi up` clears it (country_codes: null)"
)


def invalid_blocks(current: Mapping[str, object]) -> list[str]:
    """What the tenant has set that cannot be carried, in words for a preview's notes."""
    codes = _first(current.get("country_codes"))
    if codes and _text(codes.get("mode")) and not codes.get("lists"):
        return [COUNTRY_CODES_NOTE.format(mode=str(codes["mode"])[:20])]
    return []
