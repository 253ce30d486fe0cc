// Package xvfb gives a test its own virtual X display.
//
// Tests that read pixels back from the X server (ImageMagick's import) or
// send it key presses (XTEST) must not share a screen: `make test` runs
// packages in parallel, and a window another package opens on top of ours
// is what import would capture, or what would get our keys.
package xvfb

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// startTimeout bounds Xvfb's start (it takes ~0.1 s here; a loaded CI
// machine may take a few seconds).
const startTimeout = 20 * time.Second

// Display starts a private Xvfb with one w×h×24 screen and returns its
// DISPLAY value (":N"); the server is stopped when the test ends. Without
// Xvfb installed it falls back to $DISPLAY, and skips the test when that
// is empty too.
func Display(t testing.TB, w, h int) string {
	t.Helper()
	bin, err := exec.LookPath("Xvfb")
	if err != nil {
		if d := os.Getenv("DISPLAY"); d != "" {
			t.Logf("Xvfb not found: sharing DISPLAY=%s", d)
			return d
		}
		t.Skip("no Xvfb and no $DISPLAY: `make test` installs xvfb")
	}
	d, err := start(t, bin, w, h)
	if err != nil {
		t.Fatalf("starting Xvfb: %v", err)
	}
	return d
}

func start(t testing.TB, bin string, w, h int) (string, error) {
	r, wr, err := os.Pipe()
	if err != nil {
		return "", err
	}
	defer r.Close()
	// -displayfd: Xvfb picks a free display number and writes it to fd 3
	// once it accepts connections.
	cmd := exec.Command(bin, "-displayfd", "3", "-screen", "0", fmt.Sprintf("%dx%dx24", w, h), "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{wr}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		wr.Close()
		return "", err
	}
	wr.Close()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case n := <-line:
		if n == "" {
			return "", fmt.Errorf("Xvfb exited without a display number: %s", stderr.String())
		}
		return ":" + n, nil
	case <-time.After(startTimeout):
		return "", errors.New("Xvfb gave no display number within " + startTimeout.String())
	}
}

// Env returns the environment of the current process with DISPLAY set to d.
func Env(d string) []string {
	env := []string{"DISPLAY=" + d}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DISPLAY=") {
			env = append(env, kv)
		}
	}
	return env
}
