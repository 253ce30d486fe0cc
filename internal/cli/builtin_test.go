package cli

import (
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
