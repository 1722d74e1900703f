// Package shim is copied by engine/build into its copy of terraform-provider-auth0, where
// it may import the module's internal provider package, which no other module can.
// The directory name starts with "_" so that the go command never builds it in place.
package shim

import (
	"github.com/auth0/terraform-provider-auth0/internal/provider"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
)

// NewProvider returns the upstream provider, exactly as terraform-provider-auth0's main serves it.
func NewProvider() *schema.Provider {
	return provider.New()
}
