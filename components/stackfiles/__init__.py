"""Stack files as Pulumi reads and writes them: where they are (`paths`), YAML read the way
go-yaml v3 reads it (`yaml12`), the flat config offline (`stackfile`) and from the engine
(`engine`), the whole stack file's model with protect and wave (`stackconfig`), and
in-place writes that keep comments (`stackwrite`).

Imports `rules` and `text`; only `engine` imports pulumi (never pulumi_auth0).
"""
