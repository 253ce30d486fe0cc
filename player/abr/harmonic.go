package abr

// DefaultHarmonicWindow is how many recent downloads HarmonicMean
// averages: robustMPC (Yin et al., SIGCOMM 2015) uses the last 5.
const DefaultHarmonicWindow = 5

// HarmonicMean estimates throughput as the harmonic mean of the rates of
// the last N downloads. The harmonic mean is the rate that would have
// moved the same bytes in the same total time if each download were the
// same size, and a single fast outlier barely moves it, while a slow one
// pulls it down: the right bias for a player that pays for stalls.
type HarmonicMean struct {
	// N is the window in downloads (0 = DefaultHarmonicWindow).
	N int
	// MinBytes skips smaller downloads, whose rate is mostly request
	// latency (0 = use every download with bytes).
	MinBytes int64
}

// NewHarmonicMean returns the estimator over the last n downloads
// (0 = DefaultHarmonicWindow), ignoring those below MinSampleBytes.
func NewHarmonicMean(n int) HarmonicMean {
	return HarmonicMean{N: n, MinBytes: MinSampleBytes}
}

// Estimate implements Estimator: ok is false when no download qualifies.
func (h HarmonicMean) Estimate(samples []Sample) (bps float64, ok bool) {
	n := h.N
	if n <= 0 {
		n = DefaultHarmonicWindow
	}
	rates, _ := lastUsable(samples, n, h.MinBytes)
	if len(rates) == 0 {
		return 0, false
	}
	return HarmonicMeanOf(rates), true
}

// HarmonicMeanOf is len(xs) / Σ 1/x: 0 for no values, and 0 when any
// value is 0 or negative (a download that moved nothing caps the mean).
func HarmonicMeanOf(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	var inv float64
	for _, x := range xs {
		if x <= 0 {
			return 0
		}
		inv += 1 / x
	}
	return float64(len(xs)) / inv
}
