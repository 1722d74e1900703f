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
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

CARRIED: dict[str, str] = {  # Tenant argument → the input name the engine uses
    "default_token_quota": "defaultTokenQuota",
    "mtls": "mtls",
    "error_page": "errorPage",
    "skip_non_verifiable_callback_uri_confirmation_prompt": (
        "skipNonVerifiableCallbackUriConfirmationPrompt"
    ),
    "country_codes": "countryCodes",
}

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


def _quota(block: object) -> dict[str, object] | None:
    """`{client_credentials: {...}}` from `[{client_credentials: [{...}]}]`, if it sets anything.

    A per-hour or per-day of 0 is what the data source shows for "not set" (Terraform's
    zero value), so only positive limits are carried: 0 would block every token.
    """
    credentials = _first((_first(block) or {}).get("client_credentials"))
    if credentials is None:
        return None
    kept: dict[str, object] = {}
    if credentials.get("enforce") is True:
        kept["enforce"] = True
    for key in ("per_hour", "per_day"):
        amount = credentials.get(key)
        if isinstance(amount, int) and not isinstance(amount, bool) and amount > 0:
            kept[key] = amount
    return {"client_credentials": kept} if kept else None


def carried_settings(current: Mapping[str, object]) -> dict[str, object]:
    """Tenant arguments for each of the five blocks the tenant has set (see the module doc)."""
    carried: dict[str, object] = {}
    page = _first(current.get("error_pages"))
    if page and (page.get("html") or page.get("url") or page.get("show_log_link") is True):
        carried["error_page"] = {
            key: page[key] for key in ("html", "show_log_link", "url") if page.get(key) is not None
        }
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
    if codes and isinstance(codes.get("mode"), str) and codes.get("mode"):
        carried["country_codes"] = {"lists": list(codes.get("lists") or []), "mode": codes["mode"]}
    return carried
