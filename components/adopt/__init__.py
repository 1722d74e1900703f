"""Adopting an existing tenant (`pull`): the Management API client (`auth0_api`), Deploy CLI
exports (`exports`), and the tenant's values made into settings the rules accept (`pull`).

Imports `stackfiles`, `rules` and `text`; httpx only when it talks to the API.
"""
