package abr

import (
	"math"
	"testing"
	"time"
)

func TestSlidingPercentile(t *testing.T) {
	sec := time.Second
	mbps := func(xs ...float64) []Sample {
		out := make([]Sample, len(xs))
		for i, x := range xs {
			out[i] = sample(x*1e6, sec)
		}
		return out
	}
	tests := []struct {
		name    string
		est     SlidingPercentile
		samples []Sample
		want    float64 // Mbps
		wantOK  bool
	}{
		{"nothing", NewSlidingPercentile(0, 0), nil, 0, false},
		{"one", NewSlidingPercentile(0, 0), mbps(3), 3, true},
		// Equal weights, 4 values: cumulative 0.25, 0.5 → the lower median.
		{"median of four", NewSlidingPercentile(0, 0), mbps(8, 1, 4, 2), 2, true},
		{"median of five ignores the extremes", NewSlidingPercentile(0, 0), mbps(100, 3, 0.1, 4, 2), 3, true},
		{"20th percentile", NewSlidingPercentile(0, 0.2), mbps(5, 1, 4, 2, 3), 1, true},
		{"21st percentile", NewSlidingPercentile(0, 0.21), mbps(5, 1, 4, 2, 3), 2, true},
		{"100th is the max", NewSlidingPercentile(0, 1), mbps(5, 1, 4), 5, true},
		{"bad percentile takes the median", NewSlidingPercentile(0, 7), mbps(1, 2, 3), 2, true},
		{"window of 3 forgets older", NewSlidingPercentile(3, 0), mbps(0.1, 0.1, 0.1, 5, 6, 7), 6, true},
		// Weighted by duration: a 10 s download at 1 Mbps outweighs four 1 s ones at 5.
		{"weighted by duration", NewSlidingPercentile(0, 0), append([]Sample{sample(1e6, 10*sec)}, mbps(5, 5, 5, 5)...), 1, true},
		{"tiny downloads skipped", NewSlidingPercentile(0, 0), []Sample{{Bytes: 100, Duration: sec}}, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.est.Estimate(tc.samples)
			if ok != tc.wantOK || math.Abs(got-tc.want*1e6) > 1 {
				t.Fatalf("Estimate = %v, %v; want %v Mbps, %v", got, ok, tc.want, tc.wantOK)
			}
		})
	}
}
