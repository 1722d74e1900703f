// pulumi-tfgen-auth0 writes the provider's schema.json and bridge-metadata.json, which
// engine/build embeds into pulumi-resource-auth0.
package main

import (
	"auth0-sessions/engine/provider/auth0"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfgen"
)

func main() {
	tfgen.Main("auth0", auth0.Version, auth0.Provider([]byte("{}")))
}
