package abr

import (
	"sort"
	"time"
)

// Sliding-percentile defaults, after ExoPlayer's DefaultBandwidthMeter
// (a weighted median over a sliding window of recent transfers).
const (
	// DefaultPercentileWindow: 10 downloads are about 100 s of 10 s
	// segments, long enough to see the link's spread, short enough to
	// follow a move to another network.
	DefaultPercentileWindow = 10
	// DefaultPercentile: the weighted median ignores the best and worst
	// downloads alike; lower values make the estimate more cautious.
	DefaultPercentile = 0.5
)

// SlidingPercentile estimates throughput as a percentile of the rates of
// the last Window downloads, each weighted by its duration (the time the
// link was observed). Unlike an average, one extreme download cannot
// move it; unlike the last sample, it needs several to change.
type SlidingPercentile struct {
	// Window in downloads (0 = DefaultPercentileWindow).
	Window int
	// Percentile in (0, 1] (anything else = DefaultPercentile).
	Percentile float64
	// MinBytes skips smaller downloads (0 = use every download with bytes).
	MinBytes int64
}

// NewSlidingPercentile returns the estimator with the given window and
// percentile (zero values = defaults), ignoring downloads below
// MinSampleBytes.
func NewSlidingPercentile(window int, percentile float64) SlidingPercentile {
	return SlidingPercentile{Window: window, Percentile: percentile, MinBytes: MinSampleBytes}
}

// Estimate implements Estimator: the smallest rate at which the
// cumulative weight of the rates up to it (sorted ascending) reaches
// Percentile of the total; ok is false when no download qualifies.
func (p SlidingPercentile) Estimate(samples []Sample) (bps float64, ok bool) {
	w := p.Window
	if w <= 0 {
		w = DefaultPercentileWindow
	}
	q := p.Percentile
	if !(q > 0 && q <= 1) {
		q = DefaultPercentile
	}
	rates, durs := lastUsable(samples, w, p.MinBytes)
	if len(rates) == 0 {
		return 0, false
	}
	type point struct {
		bps float64
		w   time.Duration
	}
	pts := make([]point, len(rates))
	var total time.Duration
	for i := range rates {
		pts[i] = point{rates[i], durs[i]}
		total += durs[i]
	}
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].bps < pts[j].bps })
	target := q * total.Seconds()
	var cum float64
	for _, pt := range pts {
		cum += pt.w.Seconds()
		// A relative tolerance keeps exact ties (0.5 of 4 equal weights)
		// from missing their rank through rounding.
		if cum >= target*(1-1e-12) {
			return pt.bps, true
		}
	}
	return pts[len(pts)-1].bps, true
}
