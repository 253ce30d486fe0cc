package report

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// withTrace is logLines with session_start naming a trace.
func withTrace(ref string) string {
	return strings.Replace(logLines, `"strategy":"smart"`, `"strategy":"smart","trace":"`+ref+`"`, 1)
}

// A player's log that names its trace gets the link's rate drawn: a
// shipped trace by name, a trace file by path; one found nowhere is a note.
func TestLogTrace(t *testing.T) {
	file := filepath.Join(t.TempDir(), "steps.log")
	// Pensieve format: 1 Mbit/s for 10 s, then 3 Mbit/s.
	var b strings.Builder
	for s := 0; s <= 30; s++ {
		mbps := 1.0
		if s >= 10 {
			mbps = 3
		}
		fmt.Fprintf(&b, "%d %g\n", s, mbps)
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		ref, name       string
		first, atTwelve [2]float64 // kbit/s ranges of the rate at 0 s and at 12 s
		note            bool
	}{
		// hsdpa-bus starts near 3.5 Mbit/s (assets/traces).
		{"hsdpa-bus", "hsdpa-bus", [2]float64{2000, 5000}, [2]float64{100, 10000}, false},
		{file, "steps.log", [2]float64{900, 1100}, [2]float64{2700, 3300}, false},
		{"/nowhere/gone.log", "gone.log", [2]float64{}, [2]float64{}, true},
	} {
		ss, err := Read(strings.NewReader(withTrace(tc.ref)), "smart.jsonl")
		if err != nil {
			t.Fatal(err)
		}
		s := ss[0]
		if s.TraceName != tc.name {
			t.Errorf("%s: trace name %q, want %q", tc.ref, s.TraceName, tc.name)
		}
		if tc.note {
			if len(s.Trace) != 0 || len(s.Notes) != 1 || !strings.Contains(s.Notes[0], "not found") {
				t.Errorf("%s: %d rate points, notes %q; want none and a note", tc.ref, len(s.Trace), s.Notes)
			}
			continue
		}
		if len(s.Trace) < 2 || s.Trace[0].T != 0 || s.Trace[len(s.Trace)-1].T >= s.End {
			t.Fatalf("%s: rate points %v over a %v s session", tc.ref, s.Trace, s.End)
		}
		at := func(x float64) float64 {
			v := s.Trace[0].V
			for _, p := range s.Trace {
				if p.T <= x {
					v = p.V
				}
			}
			return v
		}
		if v := at(0); v < tc.first[0] || v > tc.first[1] {
			t.Errorf("%s: rate at 0 s %.0f kbit/s, want %v", tc.ref, v, tc.first)
		}
		if v := at(12); v < tc.atTwelve[0] || v > tc.atTwelve[1] {
			t.Errorf("%s: rate at 12 s %.0f kbit/s, want %v", tc.ref, v, tc.atTwelve)
		}
	}
}

// One trace from one point is drawn once, over the longest session;
// another trace, or the same from another point, is drawn per session.
func TestSharedTrace(t *testing.T) {
	tr := func(name string, from, end float64) *Session {
		return &Session{TraceName: name, TraceFrom: from, Trace: []Point{{0, 1000}, {end, 2000}}}
	}
	none := &Session{}
	for _, tc := range []struct {
		name    string
		ss      []*Session
		shared  bool
		longest int
	}{
		{"two logs on one trace, different lengths", []*Session{tr("hsdpa-bus", 0, 100), tr("hsdpa-bus", 0, 250)}, true, 1},
		{"a session without a trace does not count", []*Session{none, tr("a", 0, 10), tr("a", 0, 5)}, true, 1},
		{"same trace from another offset", []*Session{tr("a", 0, 10), tr("a", 120, 10)}, false, 0},
		{"other traces", []*Session{tr("a", 0, 10), tr("b", 0, 20)}, false, 1},
		{"none", []*Session{none}, true, -1},
	} {
		if got := sharedTrace(tc.ss); got != tc.shared {
			t.Errorf("%s: shared %v, want %v", tc.name, got, tc.shared)
		}
		if got := longestTrace(tc.ss); got != tc.longest {
			t.Errorf("%s: longest %d, want %d", tc.name, got, tc.longest)
		}
	}
}
