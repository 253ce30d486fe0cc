package sim

import (
	"context"
	"testing"

	"smartplay/player/abr"
)

func TestRealisticRemember(t *testing.T) {
	// Two 30 s sessions tile a 60 s trace at 8 Mbit/s; with Remember the
	// second starts knowing the first ended on rung 1 at ~8 Mbit/s.
	v := testVideo(3, 1_000_000, 4_000_000)
	for _, remember := range []bool{false, true} {
		var firsts []abr.Snapshot
		spec := StrategySpec{Name: "scripted", New: func() abr.Strategy {
			return &firstSnap{to: &firsts, d: abr.Decision{Variant: 1}}
		}}
		_, err := Run(context.Background(), Options{Model: ModelRealistic, Video: v, Traces: []*Trace{rows(60, 8)},
			Strategies: []StrategySpec{spec}, Realistic: RealisticConfig{Remember: remember}})
		if err != nil {
			t.Fatal(err)
		}
		if len(firsts) != 2 || firsts[0].Last != nil {
			t.Fatalf("remember %v: %d sessions, first memory %+v", remember, len(firsts), firsts[0].Last)
		}
		m := firsts[1].Last
		switch {
		case !remember && m != nil:
			t.Errorf("memory without Remember: %+v", m)
		case remember && (m == nil || m.Variant != 1 || m.Throughput < 7e6 || m.Throughput > 8e6 || m.Age != 0):
			t.Errorf("memory %+v, want rung 1 at ~8 Mbit/s (less the RTT), age 0", m)
		}
	}
}

// firstSnap records the first snapshot of its session and always answers d.
type firstSnap struct {
	to   *[]abr.Snapshot
	d    abr.Decision
	seen bool
}

func (f *firstSnap) Name() string { return "first" }

func (f *firstSnap) Decide(s abr.Snapshot) abr.Decision {
	if !f.seen {
		*f.to = append(*f.to, s)
		f.seen = true
	}
	return f.d
}
