// Command sdkgen writes a Pulumi package's SDK with Pulumi's own code generators (the
// pkg/v3 the CLI is built from), for the languages whose hosts the module proxy does not
// serve: `pulumi package gen-sdk` would need them.
//
//	sdkgen -schema component.json [-dep auth0=schema-auth0.json] [-local auth0=PATH]
//	       [-package-add] -language nodejs|go -out DIR
//
// -dep binds the schemas a package references (by name); -local names a dependency's
// generated SDK on disk (nodejs: a package.json path such as file:../auth0);
// -package-add generates as `pulumi package add` does (a local SDK that supports packing:
// Go gets its go.mod, Node.js compiles itself when installed).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// pairs is a repeatable NAME=VALUE flag.
type pairs map[string]string

func (p pairs) String() string { return fmt.Sprint(map[string]string(p)) }

func (p pairs) Set(text string) error {
	name, value, ok := strings.Cut(text, "=")
	if !ok || name == "" || value == "" {
		return fmt.Errorf("%q is not NAME=VALUE", text)
	}
	p[name] = value
	return nil
}

// loader serves the packages bound from -dep files, and nothing else: no plugin is run.
type loader map[string]*schema.Package

func (l loader) LoadPackage(name string, version *semver.Version) (*schema.Package, error) {
	return l.LoadPackageV2(context.Background(), &schema.PackageDescriptor{Name: name, Version: version})
}

func (l loader) LoadPackageV2(ctx context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	if pkg, ok := l[d.Name]; ok {
		return pkg, nil
	}
	return nil, fmt.Errorf("no schema for package %q: give it with -dep %s=FILE", d.Name, d.Name)
}

func (l loader) LoadPackageReference(name string, version *semver.Version) (schema.PackageReference, error) {
	return l.LoadPackageReferenceV2(context.Background(), &schema.PackageDescriptor{Name: name, Version: version})
}

func (l loader) LoadPackageReferenceV2(
	ctx context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	pkg, err := l.LoadPackageV2(ctx, d)
	if err != nil {
		return nil, err
	}
	return pkg.Reference(), nil
}

func bind(path string, l loader) (*schema.Package, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	pkg, diags, err := schema.BindSpec(spec, l, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s: %s", path, diags.Error())
	}
	return pkg, nil
}

func generate(
	language string, pkg *schema.Package, local pairs, l loader, packageAdd bool,
) (map[string][]byte, error) {
	if packageAdd {
		pkg.SupportPack = true // as pkg/cmd/pulumi/packages.InstallPackage sets it
	}
	switch language {
	case "nodejs":
		return nodejs.GeneratePackage("sdkgen", pkg, nil, local, packageAdd, l)
	case "go":
		return gogen.GeneratePackage("sdkgen", pkg, local)
	}
	return nil, fmt.Errorf("-language: nodejs or go, not %q", language)
}

func run() error {
	deps, local := pairs{}, pairs{}
	schemaPath := flag.String("schema", "", "the package's schema (JSON)")
	language := flag.String("language", "", "nodejs or go")
	out := flag.String("out", "", "the folder to write the SDK to (made if absent)")
	flag.Var(deps, "dep", "NAME=FILE: the schema of a package this one references (repeatable)")
	flag.Var(local, "local", "NAME=PATH: a dependency's SDK on disk (repeatable)")
	packageAdd := flag.Bool("package-add", false, "generate as `pulumi package add` does")
	flag.Parse()
	if *schemaPath == "" || *out == "" || *language == "" {
		return errors.New("-schema, -language and -out are required")
	}
	l := loader{}
	for name, path := range deps {
		pkg, err := bind(path, l)
		if err != nil {
			return err
		}
		l[name] = pkg
	}
	pkg, err := bind(*schemaPath, l)
	if err != nil {
		return err
	}
	files, err := generate(*language, pkg, local, l, *packageAdd)
	if err != nil {
		return err
	}
	for name, data := range files {
		path := filepath.Join(*out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("sdkgen: %d files of the %s SDK of %s in %s\n", len(files), *language, pkg.Name, *out)
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "sdkgen:", err)
		os.Exit(1)
	}
}
