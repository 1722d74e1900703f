// pulumi-resource-auth0 is the Auth0 resource plugin, with the schema and metadata that
// engine/build generated next to this file before building it.
package main

import (
	_ "embed"

	"auth0-sessions/engine/provider/auth0"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
)

//go:embed schema.json
var schema []byte

//go:embed bridge-metadata.json
var metadata []byte

func main() {
	tfbridge.Main("auth0", auth0.Version, auth0.Provider(metadata), schema)
}
