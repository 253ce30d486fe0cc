package assets

import (
	"strings"
	"testing"
)

func TestProgressPrintsEachTenPercentOnceWhenNotATerminal(t *testing.T) {
	var b strings.Builder
	p := newProgress(&b, "gen")
	for _, f := range []float64{0.01, 0.05, 0.12, 0.13, 0.5, 0.99, 1} {
		p.fraction(f)
	}
	got := strings.Split(strings.TrimSpace(b.String()), "\n")
	want := []string{"gen: 0%", "gen: 12%", "gen: 50%", "gen: 99%", "gen: 100%"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("progress lines %q, want %q", got, want)
	}
}
