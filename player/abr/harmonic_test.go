package abr

import (
	"math"
	"testing"
	"time"
)

func TestHarmonicMean(t *testing.T) {
	sec := time.Second
	tests := []struct {
		name    string
		est     HarmonicMean
		samples []Sample
		want    float64
		wantOK  bool
	}{
		{"nothing", NewHarmonicMean(0), nil, 0, false},
		{"one", NewHarmonicMean(0), []Sample{sample(3e6, sec)}, 3e6, true},
		// 2 / (1/1 + 1/4) Mbps = 1.6 Mbps: the slow download dominates.
		{"slow dominates", NewHarmonicMean(0), []Sample{sample(1e6, sec), sample(4e6, sec)}, 1.6e6, true},
		// Window 2 keeps 2 and 8 Mbps: 2/(0.5+0.125) = 3.2.
		{"window keeps the newest", NewHarmonicMean(2), []Sample{sample(0.5e6, sec), sample(2e6, sec), sample(8e6, sec)}, 3.2e6, true},
		// Default window 5 of six: drops the first (0.1 Mbps).
		{"default window five", NewHarmonicMean(0), append([]Sample{sample(0.1e6, 20*sec)}, steady(2e6, 5)...), 2e6, true},
		{"tiny downloads skipped", NewHarmonicMean(0), []Sample{{Bytes: 1000, Duration: sec}, sample(2e6, sec)}, 2e6, true},
		{"only tiny downloads", NewHarmonicMean(0), []Sample{{Bytes: 1000, Duration: sec}}, 0, false},
		{"MinBytes 0 takes tiny ones", HarmonicMean{N: 5}, []Sample{{Bytes: 1000, Duration: sec}}, 8000, true},
		{"zero duration skipped", NewHarmonicMean(0), []Sample{{Bytes: 1e6}, sample(2e6, sec)}, 2e6, true},
		// An aborted download counts like any other: 2/(1/4+1/1) = 1.6.
		{"aborted counts", NewHarmonicMean(0), []Sample{sample(4e6, sec), {Bytes: 125000, Duration: sec, Aborted: true}}, 1.6e6, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.est.Estimate(tc.samples)
			if ok != tc.wantOK || math.Abs(got-tc.want) > 1e-6*math.Max(1, tc.want) {
				t.Fatalf("Estimate = %v, %v; want %v, %v", got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestHarmonicMeanOf(t *testing.T) {
	tests := []struct {
		xs   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{2}, 2},
		{[]float64{1, 2, 4}, 3 / 1.75},
		{[]float64{3, 0}, 0},
		{[]float64{3, -1}, 0},
	}
	for _, tc := range tests {
		if got := HarmonicMeanOf(tc.xs); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("HarmonicMeanOf(%v) = %v, want %v", tc.xs, got, tc.want)
		}
	}
}

func TestEstimatorsShareTheInterface(t *testing.T) {
	samples := steady(3e6, 6)
	for _, e := range []Estimator{DualEWMA{}, NewHarmonicMean(0), NewSlidingPercentile(0, 0)} {
		if got, ok := e.Estimate(samples); !ok || math.Abs(got-3e6) > 1 {
			t.Errorf("%T on a steady 3 Mbps link = %v, %v", e, got, ok)
		}
		if _, ok := e.Estimate(nil); ok {
			t.Errorf("%T with no samples reports ok", e)
		}
	}
}
