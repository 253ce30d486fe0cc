// Package windowcheckbin builds player/render/window/windowcheck, the
// child process the window tests drive (Ebiten panics at init without a
// display, so no test binary that must pass headless may import it).
package windowcheckbin

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

var built struct {
	once sync.Once
	path string
	err  error
	out  []byte
}

// Path builds the helper once per test binary (without -race: it measures
// and draws; the logic under test is raced in the test binary) and returns
// its path; it fails the test when the build fails.
func Path(t testing.TB) string {
	t.Helper()
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "windowcheck")
		if err != nil {
			built.err = err
			return
		}
		built.path = filepath.Join(dir, "windowcheck")
		gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
		cmd := exec.Command(gobin, "build", "-o", built.path, "smartplay/player/render/window/windowcheck")
		built.out, built.err = cmd.CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("building windowcheck: %v\n%s", built.err, built.out)
	}
	return built.path
}
