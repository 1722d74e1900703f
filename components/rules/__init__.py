"""The rules, as data and pydantic types: durations and the provider's rounding, plan limits
and compliance baselines, key names and namespaces, credentials, problems as data, the
session-settings model, and the same rules read back from a raw Tenant's inputs.

No I/O and no pulumi: the program, `check`, `diff` and the policy pack all judge with
this code. Imports only `text`.
"""
