package cli

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
)

// WindowBinary is the executable that plays in a window.
const WindowBinary = "smartplay-window"

// execWindow replaces this process with smartplay-window and the same
// arguments. It returns only on failure.
func execWindow(args []string) error {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return errors.New("no display (DISPLAY is not set): use --headless, or run from a desktop session or under xvfb-run")
	}
	path, err := findWindowBinary()
	if err != nil {
		return err
	}
	return fmt.Errorf("starting %s: %w", path, syscall.Exec(path, append([]string{path}, args...), os.Environ()))
}

// findWindowBinary looks next to this executable first (bin/), then on
// PATH.
func findWindowBinary() (string, error) {
	if self, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(self), WindowBinary)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, nil
		}
	}
	if p, err := exec.LookPath(WindowBinary); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("window support is missing: %s is neither next to this program nor on PATH (make build builds it), or use --headless", WindowBinary)
}
