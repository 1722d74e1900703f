// Package auth0 describes pulumi-resource-auth0 to the Terraform bridge: the run-time
// options of pulumi-auth0's provider (tokens, aliases, autonaming, preview and state
// handling, defaults), so that the binary behaves as the released plugin does.
package auth0

import (
	upstream "github.com/auth0/terraform-provider-auth0/shim"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge/tokens"
	shimv2 "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfshim/sdk-v2"
)

// Version is the plugin's version, set by engine/build with -ldflags -X.
var Version = "0.0.0-dev"

// Provider returns the bridge's description of the provider; metadata is the
// bridge-metadata.json that tfgen wrote for the same description.
func Provider(metadata []byte) tfbridge.ProviderInfo {
	managedByPulumi := &tfbridge.DefaultInfo{Value: "Managed by Pulumi"}
	info := tfbridge.ProviderInfo{
		P:           shimv2.NewProvider(upstream.NewProvider()),
		Name:        "auth0",
		DisplayName: "Auth0",
		Description: "Auth0 resources, built from terraform-provider-auth0 for auth0-sessions' tests.",
		GitHubOrg:   "auth0",
		Version:     Version,
		Config: map[string]*tfbridge.SchemaInfo{
			"debug": {Default: &tfbridge.DefaultInfo{EnvVars: []string{"AUTH0_DEBUG"}}},
		},
		Resources: map[string]*tfbridge.ResourceInfo{
			"auth0_client": {Fields: map[string]*tfbridge.SchemaInfo{"description": {Default: managedByPulumi}}},
			"auth0_role":   {Fields: map[string]*tfbridge.SchemaInfo{"description": {Default: managedByPulumi}}},
		},
		MetadataInfo:                   tfbridge.NewProviderMetadata(metadata),
		EnableZeroDefaultSchemaVersion: true,
		EnableAccurateBridgePreview:    true,
		EnableRawStateDelta:            true,
	}
	info.MustComputeTokens(tokens.SingleModule("auth0_", "index", tokens.MakeStandard("auth0")))
	info.MustApplyAutoAliases()
	info.SetAutonaming(255, "-")
	return info
}
