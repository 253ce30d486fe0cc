package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The built-in stream's session memory is per emulated link: two traces,
// or the same trace at another RTT, never share a startup memory.
func TestBuiltinMemoryScope(t *testing.T) {
	scopes := map[string]bool{}
	for _, o := range []originFlags{
		{trace: "hsdpa-bus", rtt: 80 * time.Millisecond},
		{trace: "hsdpa-bus", rtt: 20 * time.Millisecond},
		{trace: "fcc-broadband", rtt: 80 * time.Millisecond},
		{trace: traceNone, rtt: 80 * time.Millisecond},
		{trace: "", rtt: 20 * time.Millisecond},
	} {
		s := o.memoryScope()
		if scopes[s] || !strings.HasPrefix(s, "builtin trace ") {
			t.Errorf("%+v: scope %q (seen before: %v)", o, s, scopes[s])
		}
		scopes[s] = true
	}
}

func TestBuiltinShaped(t *testing.T) {
	for trace, want := range map[string]bool{"hsdpa-bus": true, "/tmp/x.log": true, traceNone: false, "": false} {
		if got := (originFlags{trace: trace}).shaped(); got != want {
			t.Errorf("trace %q: shaped %v, want %v", trace, got, want)
		}
	}
}

// The log names a shipped trace by name and a trace file by its absolute
// path (report runs from anywhere); nothing when unshaped.
func TestBuiltinTraceRef(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("mine.log", []byte("0 1\n1 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for trace, want := range map[string]string{
		"hsdpa-bus": "hsdpa-bus",
		"mine.log":  filepath.Join(dir, "mine.log"),
		traceNone:   "",
		"":          "",
	} {
		if got := (originFlags{trace: trace}).traceRef(); got != want {
			t.Errorf("trace %q: ref %q, want %q", trace, got, want)
		}
	}
}
