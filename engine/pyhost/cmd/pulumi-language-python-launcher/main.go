// pulumi-language-python-launcher is installed as pulumi-language-python next to the
// pulumi binary. It starts the language host of sdk/v3 v3.78.0 (installed beside it as
// pulumi-language-python-host) with the project root and Pulumi.yaml's runtime option
// virtualenv as flags: that host reads them from its command line, and today's CLI sends
// them only over RPC, so without this the program would run outside its virtualenv.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"gopkg.in/yaml.v3"
)

func main() {
	exe, err := os.Executable()
	if err == nil {
		exe, err = filepath.EvalSymlinks(exe)
	}
	if err != nil {
		fail("cannot find this executable: %v", err)
	}
	host := filepath.Join(filepath.Dir(exe), "pulumi-language-python-host")
	args := append([]string{host}, projectFlags()...)
	args = append(args, os.Args[1:]...)
	if err := syscall.Exec(host, args, os.Environ()); err != nil {
		fail("cannot start %s: %v", host, err)
	}
}

// projectFlags gives -root and -virtualenv for the Pulumi.yaml at or above the working
// directory (the CLI starts language hosts in the project's folder); none when there is no
// project, as for `pulumi plugin` commands.
func projectFlags() []string {
	cwd, err := os.Getwd()
	if err != nil {
		return nil
	}
	path, err := workspace.DetectProjectPathFrom(cwd)
	if err != nil || path == "" {
		return nil
	}
	flags := []string{"-root=" + filepath.Dir(path)}
	if venv := virtualenv(path); venv != "" {
		flags = append(flags, "-virtualenv="+venv)
	}
	return flags
}

// virtualenv reads runtime.options.virtualenv from Pulumi.yaml itself. The v3.78.0 SDK's
// workspace.LoadProject validates the file against that release's schema, which refuses
// what today's CLI accepts (a `type: object` config key): the launcher must not depend
// on it, or the venv is silently lost and the program cannot import pulumi.
func virtualenv(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	var project struct {
		Runtime yaml.Node `yaml:"runtime"`
	}
	if yaml.Unmarshal(data, &project) != nil || project.Runtime.Kind != yaml.MappingNode {
		return ""
	}
	var runtime struct {
		Options struct {
			Virtualenv string `yaml:"virtualenv"`
		} `yaml:"options"`
	}
	if project.Runtime.Decode(&runtime) != nil {
		return ""
	}
	return runtime.Options.Virtualenv
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "pulumi-language-python: "+format+"\n", args...)
	os.Exit(1)
}
