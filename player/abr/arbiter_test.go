package abr

import (
	"slices"
	"testing"
	"time"
)

// scripted answers its decisions in turn (the last one repeats) and
// records what it was told.
type scripted struct {
	name      string
	decisions []Decision
	calls     int
	observed  []Sample
	resets    int
}

func (m *scripted) Name() string { return m.name }
func (m *scripted) Decide(Snapshot) Decision {
	d := m.decisions[min(m.calls, len(m.decisions)-1)]
	m.calls++
	return d
}
func (m *scripted) Observe(s Sample) { m.observed = append(m.observed, s) }
func (m *scripted) Reset()           { m.resets++ }

// plain has no optional behaviour.
type plain struct{ d Decision }

func (p plain) Name() string             { return "plain" }
func (p plain) Decide(Snapshot) Decision { return p.d }

func TestArbiterDecide(t *testing.T) {
	def := func(v int) Decision { return Decision{Variant: v, Reason: "r", Priority: PriorityDefault} }
	strong := func(v int) Decision { return Decision{Variant: v, Reason: "r", Priority: PriorityStrong} }
	crit := func(v int) Decision { return Decision{Variant: v, Reason: "r", Priority: PriorityCritical} }
	tests := []struct {
		name    string
		members [][]Decision // one decision sequence per member "m0", "m1", …
		current int
		want    []int    // variants over the steps
		who     []string // the winning reason over the steps
	}{
		{"one member", [][]Decision{{def(3), def(4)}}, 2, []int{3, 4}, []string{"m0: r", "m0: r"}},
		{"lowest of equal priority", [][]Decision{{def(4)}, {def(2)}, {def(5)}}, 2, []int{2}, []string{"m1: r"}},
		{"higher priority wins though higher", [][]Decision{{def(1)}, {strong(4)}}, 2, []int{4}, []string{"m1: r"}},
		{"critical beats strong", [][]Decision{{strong(3)}, {crit(0)}, {def(5)}}, 2, []int{0}, []string{"m1: r"}},
		{"lowest among the top priority only", [][]Decision{{strong(3)}, {strong(1)}, {def(0)}}, 2, []int{1}, []string{"m1: r"}},
		{"equal rendition: first listed", [][]Decision{{def(2)}, {def(2)}}, 2, []int{2}, []string{"m0: r"}},
		{"abstainers are ignored", [][]Decision{{Abstain("x")}, {def(4)}}, 2, []int{4}, []string{"m1: r"}},
		{"out of range is clamped", [][]Decision{{def(17)}}, 2, []int{5}, []string{"m0: r"}},
		{"all abstain: hold current", [][]Decision{{Abstain("x")}, {Abstain("y")}}, 3, []int{3}, []string{"arb: no opinion → hold 576p"}},
		{"all abstain before the first: startup policy", [][]Decision{{Abstain("x")}}, -1, []int{1},
			[]string{"arb: startup: unknown network 2.0 Mbps → 360p in 3.8s of 5.0s, deadline 5.0s"}},
		{"priorities change over steps", [][]Decision{{def(4), def(4), def(4)}, {Abstain(""), crit(0), Abstain("")}}, 4,
			[]int{4, 0, 4}, []string{"m0: r", "m1: r", "m0: r"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ms []Strategy
			for i, seq := range tc.members {
				ms = append(ms, &scripted{name: "m" + string(rune('0'+i)), decisions: seq})
			}
			a := NewArbiter("arb", ms...)
			s := Snapshot{Variants: ladder(), Current: tc.current, SegmentDuration: 10 * time.Second, Network: NetworkHint{Signal: -1}}
			for step := range tc.want {
				d := a.Decide(s)
				if d.Variant != tc.want[step] || d.Reason != tc.who[step] {
					t.Fatalf("step %d: %d %q; want %d %q", step, d.Variant, d.Reason, tc.want[step], tc.who[step])
				}
			}
			for _, m := range ms {
				if c := m.(*scripted).calls; c != len(tc.want) {
					t.Fatalf("%s decided %d times over %d steps; every member must see every snapshot", m.Name(), c, len(tc.want))
				}
			}
		})
	}
}

func TestArbiterKeepsWinnersFields(t *testing.T) {
	a := NewArbiter("arb",
		plain{Decision{Variant: 4, Reason: "plain: up", Deadline: 7 * time.Second}},
		plain{Decision{Variant: 2, Reason: "fixed 432p", Deadline: 3 * time.Second, Priority: PriorityStrong}})
	d := a.Decide(Snapshot{Variants: ladder()})
	want := Decision{Variant: 2, Reason: "plain: fixed 432p", Deadline: 3 * time.Second, Priority: PriorityStrong}
	if d != want {
		t.Fatalf("Decide = %+v, want %+v", d, want)
	}
	// A reason that already names its member is not prefixed twice.
	if d := NewArbiter("a", plain{Decision{Variant: 1, Reason: "plain: x"}}).Decide(Snapshot{Variants: ladder()}); d.Reason != "plain: x" {
		t.Fatalf("reason %q", d.Reason)
	}
	if d := NewArbiter("a", plain{Decision{Variant: 1}}).Decide(Snapshot{}); d.Variant != 0 || d.Reason != "a: no renditions" {
		t.Fatalf("no renditions: %+v", d)
	}
	if a.Name() != "arb" || len(a.Members()) != 2 {
		t.Fatalf("Name %q, %d members", a.Name(), len(a.Members()))
	}
}

func TestArbiterForwards(t *testing.T) {
	m0 := &scripted{name: "m0", decisions: []Decision{{}}}
	m1 := &scripted{name: "m1", decisions: []Decision{{}}}
	inner := NewArbiter("inner", m1, plain{})
	a := NewArbiter("outer", m0, plain{}, inner)
	samples := steady(1e6, 2)
	for _, s := range samples {
		a.Observe(s)
	}
	a.Reset()
	for _, m := range []*scripted{m0, m1} {
		if !slices.Equal(m.observed, samples) || m.resets != 1 {
			t.Fatalf("%s observed %v, reset %d times", m.name, m.observed, m.resets)
		}
	}
	var _ SegmentObserver = a
	var _ Resetter = a
}
