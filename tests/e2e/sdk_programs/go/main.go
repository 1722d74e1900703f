// A Go program that uses TenantSessionSettings through the generated SDK, run as an
// Automation API inline program (no Go language host needed).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"example.com/pulumi-auth0-sessions/sdk/go/auth0sessions"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func program(inactivity string) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		sessions, err := auth0sessions.NewTenantSessionSettings(ctx, "sessions", &auth0sessions.TenantSessionSettingsArgs{
			Plan:              "professional",
			RequireLoginAfter: pulumi.StringRef("30d"),
			InactivityTimeout: pulumi.StringRef(inactivity),
			CookieMode:        pulumi.StringRef("persistent"),
		})
		if err != nil {
			return err
		}
		ctx.Export("settings", sessions.Settings)
		return nil
	}
}

func main() {
	ctx := context.Background()
	inactivity := os.Args[1] // e.g. "3d"
	stack, err := auto.UpsertStackInlineSource(ctx, "dev", "go-consumer", program(inactivity))
	if err != nil {
		fmt.Fprintln(os.Stderr, "stack:", err)
		os.Exit(2)
	}
	if _, err := stack.Preview(ctx, optpreview.ProgressStreams(os.Stderr)); err != nil {
		fmt.Fprintln(os.Stderr, "preview:", strings.SplitN(err.Error(), "\n", 2)[0])
		os.Exit(1)
	}
	result, err := stack.Up(ctx, optup.ProgressStreams(os.Stderr))
	if err != nil {
		fmt.Fprintln(os.Stderr, "up:", strings.SplitN(err.Error(), "\n", 2)[0])
		os.Exit(1)
	}
	out, _ := json.Marshal(result.Outputs["settings"].Value)
	fmt.Println(string(out))
}
