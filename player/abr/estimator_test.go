package abr

import (
	"math"
	"testing"
	"time"
)

// sample builds a download of bps bits per second lasting d.
func sample(bps float64, d time.Duration) Sample {
	return Sample{Bytes: int64(bps * d.Seconds() / 8), Duration: d, TTFB: d / 10}
}

func TestEWMA(t *testing.T) {
	type add struct {
		w time.Duration
		v float64
	}
	tests := []struct {
		name     string
		halfLife time.Duration
		adds     []add
		want     float64
	}{
		{"empty", 2 * time.Second, nil, 0},
		{"one sample is itself", 2 * time.Second, []add{{time.Second, 7}}, 7},
		{"constant stays", 5 * time.Second, []add{{time.Second, 3}, {4 * time.Second, 3}, {time.Second, 3}}, 3},
		// alpha per 2 s = 0.5: 10 keeps weight 0.25, 0 gets 0.5 → 2.5/0.75.
		{"half-life halves", 2 * time.Second, []add{{2 * time.Second, 10}, {2 * time.Second, 0}}, 10.0 / 3},
		{"zero weight ignored", 2 * time.Second, []add{{time.Second, 4}, {0, 100}}, 4},
		{"NaN ignored", 2 * time.Second, []add{{time.Second, 4}, {time.Second, math.NaN()}}, 4},
		{"no half-life keeps latest", 0, []add{{time.Second, 4}, {time.Second, 9}}, 9},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := NewEWMA(tc.halfLife)
			for _, a := range tc.adds {
				e.Add(a.w, a.v)
			}
			if got := e.Value(); math.Abs(got-tc.want) > 1e-9*math.Max(1, tc.want) {
				t.Fatalf("Value = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestThroughputEstimator(t *testing.T) {
	tests := []struct {
		name    string
		samples []Sample
		want    float64 // bits per second
		wantOK  bool
	}{
		{"nothing", nil, 0, false},
		{"below MinEstimateBytes", []Sample{sample(1e6, time.Second)}, 0, false}, // 125 kB < 128 kB
		{"tiny samples ignored", []Sample{
			{Bytes: 10000, Duration: time.Millisecond}, {Bytes: 10000, Duration: time.Millisecond},
			sample(2e6, time.Second), // 250 kB: the only one that counts
		}, 2e6, true},
		{"steady", []Sample{sample(4e6, time.Second), sample(4e6, 2*time.Second), sample(4e6, time.Second)}, 4e6, true},
		// Fast (2 s): 8·0.2929 = 2.343; 2·0.2929 + 0.7071·2.343 = 2.243; /(1−0.5) = 4.4853.
		// Slow (5 s): 1.0356 → 1.1604; /(1−0.7579) = 4.7924. Min = fast.
		{"drop believed fast", []Sample{sample(8e6, time.Second), sample(2e6, time.Second)}, 4485281.374, true},
		// Fast: 5.5147, slow: 5.2076. Min = slow.
		{"rise believed slowly", []Sample{sample(2e6, time.Second), sample(8e6, time.Second)}, 5207611.769, true},
		// A 4 s download weighs four times a 1 s one: fast 5.865, slow 6.447.
		{"weighted by duration", []Sample{sample(8e6, 4*time.Second), sample(2e6, time.Second)}, 5865270.209, true},
		// Three slow then one fast: fast 4.343, slow 3.825.
		{"one burst damped", []Sample{sample(2e6, time.Second), sample(2e6, time.Second), sample(2e6, time.Second), sample(8e6, time.Second)}, 3824727.169, true},
		{"aborted sample counts", []Sample{sample(4e6, time.Second), {Bytes: 125000, Duration: time.Second, Aborted: true}},
			// fast: 4·0.2929=1.1716; 1·0.2929+0.7071·1.1716=1.1213; /0.5 = 2.2426.
			2242640.687, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := EstimateSamples(tc.samples, 0, 0)
			if ok != tc.wantOK || math.Abs(got-tc.want) > 1 {
				t.Fatalf("EstimateSamples = %.3f, %v; want %.3f, %v", got, ok, tc.want, tc.wantOK)
			}
		})
	}
}
