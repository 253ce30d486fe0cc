package abr

import (
	"testing"
	"time"
)

// pensieveLadder is Pensieve's VIDEO_BIT_RATE with its resolutions.
func pensieveLadder() []Variant {
	kbps := []int64{300, 750, 1200, 1850, 2850, 4300}
	h := []int{180, 360, 432, 576, 720, 1080}
	var vs []Variant
	for i := range kbps {
		vs = append(vs, Variant{Bandwidth: kbps[i] * 1000, Height: h[i]})
	}
	return vs
}

func TestBBDecide(t *testing.T) {
	one := []Sample{{Bytes: 450283, Duration: 7871888631}}
	tests := []struct {
		name    string
		buffer  time.Duration
		samples []Sample
		n       int // rungs (0: Pensieve's six)
		want    int
	}{
		{"first segment is DEFAULT_QUALITY", 0, nil, 0, 1},
		{"first segment on a one-rung ladder", 0, nil, 1, 0},
		{"empty reservoir", 4 * time.Second, one, 0, 0},
		{"just below the reservoir", 4999 * time.Millisecond, one, 0, 0},
		{"at the reservoir", 5 * time.Second, one, 0, 0},
		// 5·(7−5)/10 = 1.0 exactly.
		{"7 s → rung 1", 7 * time.Second, one, 0, 1},
		// 5·(6.999−5)/10 = 0.9995 truncates to 0.
		{"truncation, not rounding", 6999 * time.Millisecond, one, 0, 0},
		// Values from golden-chunks-train.csv (bb on trace_10367): buffer
		// after chunk 3 8.1538 s → 750 kbps; after chunk 4 5.0505 s → 300.
		{"golden 8.15 s → rung 1", 8153772688, one, 0, 1},
		{"golden 5.05 s → rung 0", 5050535532, one, 0, 0},
		{"14.99 s → rung 4", 14990 * time.Millisecond, one, 0, 4},
		{"cushion top → highest", 15 * time.Second, one, 0, 5},
		{"full buffer → highest", 60 * time.Second, one, 0, 5},
		// Three rungs: 2·(10−5)/10 = 1.
		{"short ladder scales", 10 * time.Second, one, 3, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			vs := pensieveLadder()
			if tc.n > 0 {
				vs = vs[:tc.n]
			}
			d := NewBB().Decide(Snapshot{Buffer: tc.buffer, Samples: tc.samples, Variants: vs, Current: -1})
			if d.Variant != tc.want {
				t.Fatalf("Decide(buffer %v) = %d (%s), want %d", tc.buffer, d.Variant, d.Reason, tc.want)
			}
			if d.Deadline != 0 || d.Reason == "" {
				t.Errorf("decision %+v: want a reason and no deadline", d)
			}
		})
	}
	if d := NewBB().Decide(Snapshot{}); d.Variant != 0 {
		t.Errorf("no renditions: %+v", d)
	}
}
