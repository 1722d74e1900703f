"""Reading the tenant from an Auth0 Deploy CLI export (auth0/auth0-deploy-cli).

Two formats (src/context/yaml/handlers/tenant.ts, src/context/directory/handlers/tenant.ts):
YAML, where `tenant.yaml` holds a `tenant:` mapping, and the directory format, where
`tenant.json` is the tenant object itself. Keys are the API's (`session_lifetime` in
float hours, `session_cookie: {mode}`); keys at their default may be missing. An export
made to be deployed to several tenants holds keyword placeholders (`##KEY##`,
`@@KEY@@`) that the Deploy CLI replaces at deploy time: such a file describes no tenant,
so it is refused, naming them.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..rules import foreign
from ..stackfiles.yaml12 import YamlError, load
from ..text.inert import snippet
from ..text.safeio import UnsafeFileError, read_text

# The Deploy CLI's keyword names are upper case (src/tools/utils.ts); `@@password@@` in an
# SMS template is text, and so is anything in a YAML comment, which no value holds.
_PLACEHOLDER = re.compile(r"##[A-Z0-9_]+##|@@[A-Z0-9_]+@@")


class ExportError(ValueError):
    """A file that is not a Deploy CLI tenant export; the message says why."""


def read_export(path: Path) -> dict[str, object]:
    """The `tenant` object of a Deploy CLI export: tenant.yaml, tenant.json, or their folder."""
    if path.is_dir():
        path = next((p for p in (path / "tenant.json", path / "tenant.yaml") if p.exists()), path)
    try:
        text = read_text(path)
    except UnsafeFileError as error:
        raise ExportError(f"{path.name} {error}") from None
    found = sorted(set(_placeholders(text if path.suffix == ".json" else _without_comments(text))))
    if found:
        names = ", ".join(snippet(name) for name in found[:10])
        raise ExportError(
            f"{path.name} holds unresolved Deploy CLI keyword placeholders ({names}): it is a "
            "template, not a tenant; export again without AUTH0_PRESERVE_KEYWORDS, or replace "
            "them first"
        )
    if path.suffix == ".json":
        try:
            tenant = foreign.loads(text)
        except (ValueError, RecursionError):
            raise ExportError(f"{path.name} is not valid JSON") from None
    else:
        try:
            document = load(text)
        except YamlError as error:
            raise ExportError(f"{path.name}: {error}") from None
        tenant = document.get("tenant") if isinstance(document, dict) else None
        if tenant is None:
            raise ExportError(f"{path.name} has no `tenant:` mapping (a Deploy CLI tenant.yaml)")
    if not isinstance(tenant, dict):
        raise ExportError(f"{path.name}: the tenant is not a mapping of settings")
    return tenant


def _placeholders(text: str) -> list[str]:
    """Keyword placeholders: the Deploy CLI replaces them in the file's text before reading it."""
    return _PLACEHOLDER.findall(text)


def _without_comments(text: str) -> str:
    """The YAML text without its comments: a `#` at a line's start or after a blank, outside
    quotes, unless it opens a placeholder where a value goes (`key: ##NAME##`)."""
    kept = []
    for line in text.splitlines():
        quote = ""
        for at, char in enumerate(line):
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char == "#" and (at == 0 or line[at - 1] in " \t"):
                before = line[:at].rstrip()
                if not (_PLACEHOLDER.match(line, at) and before.endswith((":", "-"))):
                    line = line[:at]
                    break
        kept.append(line)
    return "\n".join(kept)
