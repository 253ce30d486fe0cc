package abr

import (
	"strings"
	"testing"
	"time"
)

// one builds a rule set of a single rule choosing 1080p under when, then
// a catch-all picking 180p, so a decision of 5 means "when held".
func one(t *testing.T, when string) *Rules {
	t.Helper()
	r, err := NewRules([]byte(`{"rules": [
		{"name": "cond", "priority": "strong", "when": ` + when + `, "then": {"action": "pick", "rendition": "highest"}},
		{"name": "else", "when": {}, "then": {"action": "pick", "rendition": 0}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRulesConditions(t *testing.T) {
	const seg = 10 * time.Second
	base := Snapshot{Variants: ladder(), Current: 3, SegmentIndex: 4, SegmentDuration: seg, Buffer: 15 * time.Second,
		Samples: steady(3e6, 3), Network: NetworkHint{Type: NetworkWiFi, Signal: 3}}
	with := func(f func(*Snapshot)) Snapshot { s := base; f(&s); return s }
	tests := []struct {
		name string
		when string
		snap Snapshot
		want bool
	}{
		{"empty holds", `{}`, base, true},
		{"buffer below s", `{"buffer_below_s": 16}`, base, true},
		{"buffer not below s", `{"buffer_below_s": 15}`, base, false},
		{"buffer at least s", `{"buffer_at_least_s": 15}`, base, true},
		{"buffer below segments", `{"buffer_below_segments": 1.6}`, base, true},
		{"buffer at least segments", `{"buffer_at_least_segments": 1.6}`, base, false},
		{"segments without a duration", `{"buffer_at_least_segments": 0}`, with(func(s *Snapshot) { s.SegmentDuration = 0 }), false},
		// 3 Mbps over 576p (1.85): 1.62; over up (720p, 2.85): 1.05.
		{"ratio current at least", `{"throughput": [{"rung": "current", "at_least": 1.6}]}`, base, true},
		{"ratio current below", `{"throughput": [{"rung": "current", "below": 1.6}]}`, base, false},
		{"ratio up in band", `{"throughput": [{"rung": "up", "at_least": 1, "below": 1.1}]}`, base, true},
		{"ratio down", `{"throughput": [{"rung": "down", "at_least": 2.5}]}`, base, true},
		{"ratio by index", `{"throughput": [{"rung": 0, "at_least": 10}]}`, base, true},
		{"ratio by negative index", `{"throughput": [{"rung": -1, "below": 0.7}]}`, base, true},
		{"ratio lowest/highest", `{"throughput": [{"rung": "lowest", "at_least": 9.9}, {"rung": "highest", "at_least": 0.69}]}`, base, true},
		{"every ratio must hold", `{"throughput": [{"rung": "lowest", "at_least": 9.9}, {"rung": "highest", "at_least": 0.8}]}`, base, false},
		{"ratio without estimate", `{"throughput": [{"rung": 0, "at_least": 0.0001}]}`, with(func(s *Snapshot) { s.Samples = nil }), false},
		{"ratio on current before the first", `{"throughput": [{"rung": "current", "at_least": 0.0001}]}`, with(func(s *Snapshot) { s.Current = -1 }), false},
		{"have estimate", `{"have_estimate": true}`, base, true},
		{"have no estimate", `{"have_estimate": false}`, with(func(s *Snapshot) { s.Samples = nil }), true},
		{"network listed", `{"network": ["cellular", "wifi"]}`, base, true},
		{"network not listed", `{"network": ["cellular"]}`, base, false},
		{"network unknown", `{"network": ["unknown"]}`, with(func(s *Snapshot) { s.Network.Type = NetworkUnknown }), true},
		{"signal below", `{"signal_below": 4}`, base, true},
		{"signal not below", `{"signal_below": 3}`, base, false},
		{"signal at least", `{"signal_at_least": 3}`, base, true},
		{"signal unknown", `{"signal_below": 5}`, with(func(s *Snapshot) { s.Network.Signal = -1 }), false},
		{"segment index below", `{"segment_index_below": 5}`, base, true},
		{"segment index at least", `{"segment_index_at_least": 5}`, base, false},
		{"current in range", `{"current_at_least": 3, "current_below": 4}`, base, true},
		{"current before the first", `{"current_below": 4}`, with(func(s *Snapshot) { s.Current = -1 }), false},
		{"all must hold", `{"buffer_below_s": 16, "network": ["ethernet"]}`, base, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := one(t, tc.when).Decide(tc.snap)
			if got := d.Variant == 5; got != tc.want {
				t.Fatalf("matched %v, want %v (%+v)", got, tc.want, d)
			}
		})
	}
}

func TestRulesActions(t *testing.T) {
	const seg = 10 * time.Second
	s := Snapshot{Variants: ladder(), Current: 3, SegmentDuration: seg, Buffer: 20 * time.Second, Samples: steady(3e6, 3)}
	first := s
	first.Current, first.Samples, first.Buffer = -1, nil, 0
	tests := []struct {
		name     string
		then     string
		snap     Snapshot
		want     int
		reason   string
		priority Priority
	}{
		{"pick index", `{"action": "pick", "rendition": 2}`, s, 2, `rules: "r" pick 2 → 432p`, PriorityCritical},
		{"pick clamps", `{"action": "pick", "rendition": 40}`, s, 5, "pick 40 → 1080p", PriorityCritical},
		{"pick from the top", `{"action": "pick", "rendition": -2}`, s, 4, "pick -2 → 720p", PriorityCritical},
		{"pick up", `{"action": "pick", "rendition": "up"}`, s, 4, "pick up", PriorityCritical},
		{"hold", `{"action": "hold"}`, s, 3, `"r" hold → 576p`, PriorityCritical},
		{"step down", `{"action": "step_down"}`, s, 2, "step down 1 → 432p", PriorityCritical},
		{"step down 9", `{"action": "step_down", "steps": 9}`, s, 0, "step down 9 → 180p", PriorityCritical},
		{"fit", `{"action": "fit", "factor": 0.8}`, s, 3, "fit 0.8 × 3.00 Mbps → 576p", PriorityCritical},
		{"fit nothing: lowest", `{"action": "fit", "factor": 0.01}`, s, 0, "180p", PriorityCritical},
		// Actions that cannot apply fall through to the next rule (pick 1).
		{"hold before the first", `{"action": "hold"}`, first, 1, `"next" pick 1`, PriorityDefault},
		{"step down before the first", `{"action": "step_down"}`, first, 1, `"next"`, PriorityDefault},
		{"fit without estimate", `{"action": "fit", "factor": 1}`, first, 1, `"next"`, PriorityDefault},
		{"pick current before the first", `{"action": "pick", "rendition": "current"}`, first, 1, `"next"`, PriorityDefault},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := NewRules([]byte(`{"rules": [{"name": "r", "priority": "critical", "when": {}, "then": ` + tc.then + `},
				{"name": "next", "when": {}, "then": {"action": "pick", "rendition": 1}}]}`))
			if err != nil {
				t.Fatal(err)
			}
			d := r.Decide(tc.snap)
			if d.Variant != tc.want || !strings.Contains(d.Reason, tc.reason) || d.Priority != tc.priority {
				t.Fatalf("Decide = %+v; want %d, %q, priority %d", d, tc.want, tc.reason, tc.priority)
			}
		})
	}
}

func TestRulesPrecedenceAndDeadline(t *testing.T) {
	r, err := NewRules([]byte(`{"estimator": "harmonic", "rules": [
		{"name": "a", "when": {}, "then": {"action": "pick", "rendition": 4}},
		{"name": "b", "when": {}, "then": {"action": "pick", "rendition": 2}},
		{"name": "c", "priority": "strong", "when": {"buffer_below_s": 10}, "then": {"action": "pick", "rendition": 3}},
		{"name": "d", "priority": "strong", "when": {"buffer_below_s": 10}, "then": {"action": "pick", "rendition": 1}},
		{"name": "dl fixed", "when": {"buffer_below_s": 25}, "then": {"action": "deadline", "seconds": 12.5}},
		{"name": "dl policy", "priority": "strong", "when": {"buffer_at_least_s": 25}, "then": {"action": "deadline"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	s := Snapshot{Variants: ladder(), Current: 3, SegmentDuration: 10 * time.Second, Samples: steady(5e6, 3)}
	tests := []struct {
		buf    time.Duration
		want   int
		reason string
		dl     time.Duration
	}{
		{20 * time.Second, 4, `rules: "a" pick 4 → 720p`, 12500 * time.Millisecond}, // first listed of the default priority
		{5 * time.Second, 3, `rules: "c" pick 3 → 576p`, 12500 * time.Millisecond},  // strong beats default; c listed before d
		{30 * time.Second, 4, `rules: "a"`, DownloadDeadline(Snapshot{Variants: ladder(), SegmentDuration: 10 * time.Second,
			Samples: steady(5e6, 3), Buffer: 30 * time.Second}, 4)},
	}
	for _, tc := range tests {
		s.Buffer = tc.buf
		d := r.Decide(s)
		if d.Variant != tc.want || !strings.HasPrefix(d.Reason, tc.reason) || d.Deadline != tc.dl || tc.dl == 0 {
			t.Fatalf("buffer %v: %+v; want %d %q deadline %v", tc.buf, d, tc.want, tc.reason, tc.dl)
		}
	}
	// No rendition rule matches: hold, or the startup policy first.
	r, _ = NewRules([]byte(`{"rules": [{"name": "never", "when": {"buffer_below_s": 0}, "then": {"action": "hold"}}]}`))
	if d := r.Decide(s); d.Variant != 3 || d.Reason != "rules: no rule applies → hold 576p" {
		t.Fatalf("hold fallback: %+v", d)
	}
	first := Snapshot{Variants: ladder(), Current: -1, SegmentDuration: 10 * time.Second, Network: NetworkHint{Type: NetworkEthernet}}
	if d := r.Decide(first); d.Variant != 5 || !strings.HasPrefix(d.Reason, "rules: no rule applies; startup:") {
		t.Fatalf("startup fallback: %+v", d)
	}
	if d := r.Decide(Snapshot{}); d.Reason != "rules: no renditions" {
		t.Fatalf("no renditions: %+v", d)
	}
}

// TestRulesDefaultSequence runs the embedded rule set over a session.
func TestRulesDefaultSequence(t *testing.T) {
	const seg = 10 * time.Second
	r, err := New("rules")
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		buf     float64 // s
		cur     int
		mbps    float64 // steady rate of the samples so far (0 = none)
		net     NetworkHint
		want    int
		rule    string
		hasDead bool
	}{
		// The startup guess: bounded by the startup budget.
		{0, -1, 0, NetworkHint{Type: NetworkWiFi, Signal: 3}, 4, "rules: no rule applies; startup: wifi signal 3", true},
		// 8 s buffered (< 1.5 segments), 5 Mbps: strong "low buffer" fit 0.6 → 3.0 → 720p.
		{8, 4, 5, NetworkHint{}, 4, `"low buffer" fit 0.6`, false},
		// 8 s, link below 720p: critical fit 0.5 × 2.5 → 432p.
		{8, 4, 2.5, NetworkHint{}, 2, `"buffer nearly dry, link below the current rendition"`, false},
		// 18 s (1.8 segments): up at ratio 1.75, no hold; "rate" fit 0.8 × 5 = 4 → 720p, deadline by need.
		{18, 3, 5, NetworkHint{}, 4, `"rate" fit 0.8`, true},
		// 22 s: 720p sustained at ratio 1.75 ≥ 0.7 but up (1080p) at 1.16 < 1.25: hold.
		{22, 4, 5, NetworkHint{}, 4, `"healthy buffer absorbs a small shortfall" hold`, true},
		// 22 s, 720p at 2.2 Mbps: ratio 0.77 ≥ 0.7: hold rather than step down.
		{22, 4, 2.2, NetworkHint{}, 4, `hold`, true},
		// 22 s, 1.8 Mbps: ratio 0.63, no hold; ≥ 1.9 segments: fit 1.0 × 1.8 → 432p.
		{22, 4, 1.8, NetworkHint{}, 2, `"full buffer rides the estimate" fit 1 × 1.80`, true},
		// 27 s: up at 6 Mbps ratio 1.40: fit 1.0 × 6 → 1080p.
		{27, 4, 6, NetworkHint{}, 5, `"full buffer rides the estimate" fit 1`, true},
		// Weak cellular: fit 0.6 × 5 = 3 → 720p where "rate" would allow 720p too; at 4 Mbps 576p.
		{18, 3, 4, NetworkHint{Type: NetworkCellular, Signal: 1}, 3, `"weak cellular signal"`, true},
		// 55 s of 10 s segments: fit 1.3 × 3.5 = 4.55 → 1080p.
		{55, 4, 3.5, NetworkHint{}, 5, `"deep buffer spends some of itself" fit 1.3`, true},
	}
	for i, st := range steps {
		s := Snapshot{Variants: ladder(), Current: st.cur, SegmentIndex: i, SegmentDuration: seg, MaxBuffer: 30 * time.Second,
			Buffer: time.Duration(st.buf * float64(time.Second)), Network: st.net}
		if st.mbps > 0 {
			s.Samples = steady(st.mbps*1e6, 4)
		}
		d := r.Decide(s)
		if d.Variant != st.want || !strings.Contains(d.Reason, st.rule) || (d.Deadline > 0) != st.hasDead {
			t.Fatalf("step %d: %+v; want %d by %q, deadline %v", i, d, st.want, st.rule, st.hasDead)
		}
	}
	if !strings.Contains(string(DefaultRulesJSON()), `"deadline by need"`) {
		t.Fatal("DefaultRulesJSON does not return the embedded set")
	}
}
