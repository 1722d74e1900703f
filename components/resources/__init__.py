"""What `pulumi up` creates: the `TenantSessionSettings` component and its auth0.Tenant
(`component`), the tenant blocks carried over on the first up (`tenant_rest`), and the
component package's provider for other languages (`package`).

The only layer that imports pulumi_auth0; it imports `stackfiles`, `rules` and `text`.
"""
