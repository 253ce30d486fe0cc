package xvfb

import (
	"os/exec"
	"strings"
	"testing"
)

// Two tests get two screens, each of the size asked for and reachable by an
// X client (ImageMagick's identify of the root window).
func TestDisplaysArePrivate(t *testing.T) {
	if _, err := exec.LookPath("Xvfb"); err != nil {
		t.Skip("Xvfb not installed")
	}
	if _, err := exec.LookPath("import"); err != nil {
		t.Skip("ImageMagick not installed")
	}
	a, b := Display(t, 320, 200), Display(t, 640, 480)
	if a == b {
		t.Fatalf("both displays are %s", a)
	}
	for d, want := range map[string]string{a: "320x200", b: "640x480"} {
		cmd := exec.Command("sh", "-c", "import -window root png:- | identify -format %wx%h -")
		cmd.Env = Env(d)
		out, err := cmd.CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != want {
			t.Errorf("DISPLAY=%s: root window %q (%v), want %s", d, out, err, want)
		}
	}
}
