"""What reviewers read: a stack file's verdict (`checks`), `diff` against a git revision
(`diff`, `headroom`, `diff_render`, with git access in `gitrev`), `summarize` of a
preview (`preview`, `preview_render`), the pull request comment (`comment`), and the
`audit` of a tenant's applications (`audit`, given the data `adopt` read), and which
stacks a change touches (`touched`) and how a fleet is laid out in workflow jobs
(`batches`).

Imports `stackfiles`, `rules` and `text`; never pulumi, and never `adopt` or `resources`.
"""
