"""What reviewers read: a stack file's verdict (`checks`), `diff` against a git revision
(`diff`, `diff_render`, with git access in `gitrev`), `summarize` of a preview
(`preview`, `preview_render`), and the pull request comment (`comment`).

Imports `stackfiles`, `rules` and `text`; never pulumi, and never `adopt` or `resources`.
"""
