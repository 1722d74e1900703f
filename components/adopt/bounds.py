"""How much of a Management API answer is read: the numbers, in one place, shown in help.

Imported by the readers and by `audit --help`; nothing here imports anything, so the
help costs no time.
"""

DEADLINE_SECONDS = 8.0  # the whole command: token, settings, retries, reads
MAX_ANSWER_BYTES = 1024 * 1024  # decoded
# A page of 100 applications is a few thousand values; a MiB of `{},{},…` is 350,000
# objects, and parsing that many costs far more memory than the bytes. Counted first.
MAX_ANSWER_VALUES = 50_000
PER_PAGE = 100  # the most the Management API serves a page
MAX_PAGES = 100  # 100 a page: up to 10,000 applications, APIs or actions
MAX_CHECKPOINT = 1024  # the most of a checkpoint (`next`) sent back as `from`
MAX_TEXT = 200  # the most of an application's name or type kept; more is never shown
