package abr

import (
	"errors"
	"testing"
	"time"
)

// FuzzNewRules: any input either parses into an engine that decides a
// valid rendition on a range of snapshots, or fails with ErrBadRules;
// nothing panics.
func FuzzNewRules(f *testing.F) {
	f.Add(defaultRulesJSON)
	f.Add([]byte(`{"rules": [{"name": "a", "when": {"throughput": [{"rung": "up", "below": 1}]}, "then": {"action": "pick", "rendition": -9}}]}`))
	f.Add([]byte(`{"estimator": "percentile", "rules": [{"name": "d", "then": {"action": "deadline", "seconds": 3}}]}`))
	f.Add([]byte(`{"rules": [{"name": "s", "when": {"current_below": 1, "signal_at_least": 0}, "then": {"action": "step_down", "steps": 16}}]}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"rules": [{"name": "x", "then": {"action": "fit", "factor": 1e308}}]}`))
	snaps := []Snapshot{
		{},
		{Variants: ladder(), Current: -1},
		{Variants: ladder(), Current: 9, Buffer: 25 * time.Second, SegmentDuration: 10 * time.Second, Samples: steady(4e6, 3),
			Network: NetworkHint{Type: NetworkCellular, Signal: 1}},
		{Variants: ladder()[:1], Current: 0, Buffer: time.Second, Samples: steady(0.1e6, 9), SegmentIndex: 3},
		{Variants: []Variant{{}, {}}, Current: 1, SegmentDuration: time.Second, Samples: steady(1e6, 2)},
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewRules(data)
		if err != nil {
			if !errors.Is(err, ErrBadRules) {
				t.Fatalf("error %v does not wrap ErrBadRules", err)
			}
			return
		}
		for _, s := range snaps {
			d := r.Decide(s)
			if d.Variant < 0 || (len(s.Variants) > 0 && d.Variant >= len(s.Variants)) || d.Deadline < 0 {
				t.Fatalf("Decide(%+v) = %+v", s, d)
			}
		}
	})
}
