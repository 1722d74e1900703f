"""The rules, as data and pydantic types: durations and the provider's rounding, plan limits
and compliance baselines, key names and namespaces, credentials, problems as data, the
session-settings model, the same rules read back from a raw Tenant's inputs, other tools'
names for our keys (`aliases`), look-alike names (`confusables`), and how long refresh
tokens keep a user signed in (`refresh_tokens`).

No I/O and no pulumi: the program, `check`, `diff`, `audit` and the policy pack all judge
with this code. Imports only `text`.
"""
