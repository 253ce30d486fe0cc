package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/assets/assetstest"
)

// binDir holds bin/smartplay and bin/smartplay-window built for the tests.
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "smartplay-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	// The player remembers each session in the user's config directory;
	// tests keep theirs apart, so no run depends on an earlier one.
	os.Setenv("SMARTPLAY_CONFIG_DIR", filepath.Join(dir, "config"))
	build := exec.Command("go", "build", "-o", dir+"/", "smartplay/cmd/smartplay", "smartplay/cmd/smartplay-window")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building the binaries:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what a finished command printed and how it exited.
type result struct {
	stdout, stderr string
	code           int
}

// smartplay runs bin/smartplay with args, bounded by timeout.
func smartplay(t *testing.T, timeout time.Duration, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(binDir, "smartplay"), args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("smartplay %v did not finish within %v (a hang); stderr:\n%s", args, timeout, errb.String())
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

// ladderURL serves the built-in ladder over HTTP on 127.0.0.1.
func ladderURL(t *testing.T, format assets.Format) (string, string) {
	t.Helper()
	return assetstest.Serve(t, assets.Options{Format: format}, nil)
}
