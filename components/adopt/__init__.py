"""Reading an existing tenant: the Management API (`auth0_api`, its bounded calls in
`bounded_http`), Deploy CLI exports (`exports`), the tenant's values made into settings
the rules accept (`pull`), and its applications for `audit` (`tenant_apps`).

Imports `stackfiles`, `rules` and `text`; httpx only when it talks to the API.
"""
