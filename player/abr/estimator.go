package abr

import (
	"math"
	"slices"
	"time"
)

// Throughput estimator defaults, after Shaka Player's EwmaBandwidthEstimator
// (dash.js uses the same dual-EWMA idea with slightly longer half-lives).
const (
	// DefaultFastHalfLife is the half-life of the fast average, in time
	// spent downloading: it follows a drop within a download or two.
	DefaultFastHalfLife = 2 * time.Second
	// DefaultSlowHalfLife is the half-life of the slow average: it damps
	// a single lucky fast download so one burst cannot pull us up.
	DefaultSlowHalfLife = 5 * time.Second
	// MinSampleBytes: smaller downloads are dominated by request latency
	// (TTFB), so their rate says little about the link; they are ignored.
	MinSampleBytes = 16 * 1000
	// MinEstimateBytes: below this many bytes sampled in all the estimate
	// is too noisy to act on and Estimate reports not ok.
	MinEstimateBytes = 128 * 1000
)

// EWMA is an exponentially weighted moving average whose weights are
// durations, so a long download counts more than a short one. The zero
// value averages nothing useful; use NewEWMA.
type EWMA struct {
	alpha    float64 // weight kept per second of new samples
	estimate float64
	weight   float64 // seconds of samples seen
}

// NewEWMA returns an average in which a sample's weight halves after
// halfLife of newer samples. halfLife <= 0 keeps only the latest sample.
func NewEWMA(halfLife time.Duration) EWMA {
	if halfLife <= 0 {
		return EWMA{}
	}
	return EWMA{alpha: math.Exp(math.Log(0.5) / halfLife.Seconds())}
}

// Add folds value in with weight w. Non-positive weights and non-finite
// values are ignored.
func (e *EWMA) Add(w time.Duration, value float64) {
	if w <= 0 || math.IsNaN(value) || math.IsInf(value, 0) {
		return
	}
	a := math.Pow(e.alpha, w.Seconds())
	e.estimate = value*(1-a) + a*e.estimate
	e.weight += w.Seconds()
}

// Value is the average, corrected for the bias towards the zero start
// (as if the history before the first sample did not exist); 0 when
// nothing was added.
func (e EWMA) Value() float64 {
	if e.weight == 0 {
		return 0
	}
	zero := 1 - math.Pow(e.alpha, e.weight)
	if zero <= 0 {
		return e.estimate
	}
	return e.estimate / zero
}

// ThroughputEstimator estimates the link's throughput from finished and
// aborted downloads with two EWMAs and answers the lower of the two:
// quick to believe bad news, slow to believe good news.
type ThroughputEstimator struct {
	fast, slow EWMA
	bytes      int64
}

// NewThroughputEstimator returns an estimator with the given half-lives
// (0 picks DefaultFastHalfLife / DefaultSlowHalfLife).
func NewThroughputEstimator(fastHalfLife, slowHalfLife time.Duration) *ThroughputEstimator {
	if fastHalfLife <= 0 {
		fastHalfLife = DefaultFastHalfLife
	}
	if slowHalfLife <= 0 {
		slowHalfLife = DefaultSlowHalfLife
	}
	return &ThroughputEstimator{fast: NewEWMA(fastHalfLife), slow: NewEWMA(slowHalfLife)}
}

// Add records one download. Aborted downloads count too: the bytes that
// did arrive in the time taken are a true (and usually bad) measurement,
// and leaving them out would hide the very slowdown that caused the abort.
// It reports whether the sample was used.
func (e *ThroughputEstimator) Add(s Sample) bool {
	if s.Bytes < MinSampleBytes || s.Duration <= 0 {
		return false
	}
	bps := s.Throughput()
	e.fast.Add(s.Duration, bps)
	e.slow.Add(s.Duration, bps)
	e.bytes += s.Bytes
	return true
}

// Estimate returns the throughput in bits per second and whether enough
// was sampled (MinEstimateBytes) to trust it.
func (e *ThroughputEstimator) Estimate() (bps float64, ok bool) {
	if e.bytes < MinEstimateBytes {
		return 0, false
	}
	return math.Min(e.fast.Value(), e.slow.Value()), true
}

// EstimateSamples runs a fresh estimator over samples (oldest first), so
// a decision depends on its snapshot alone and replays exactly in the
// simulator.
func EstimateSamples(samples []Sample, fastHalfLife, slowHalfLife time.Duration) (bps float64, ok bool) {
	e := NewThroughputEstimator(fastHalfLife, slowHalfLife)
	for _, s := range samples {
		e.Add(s)
	}
	return e.Estimate()
}

// Estimator turns a snapshot's download history (oldest first) into a
// throughput estimate in bits per second, and says whether there was
// enough to trust it. Estimators are values without hidden state: the
// same samples give the same estimate, so a decision replays exactly in
// the simulator. DualEWMA, HarmonicMean and SlidingPercentile implement it.
type Estimator interface {
	Estimate(samples []Sample) (bps float64, ok bool)
}

// DualEWMA is the dual exponentially weighted average of
// ThroughputEstimator as an Estimator (zero half-lives take the defaults).
type DualEWMA struct {
	FastHalfLife, SlowHalfLife time.Duration
}

// Estimate implements Estimator with EstimateSamples.
func (d DualEWMA) Estimate(samples []Sample) (bps float64, ok bool) {
	return EstimateSamples(samples, d.FastHalfLife, d.SlowHalfLife)
}

// lastUsable returns the throughputs (bits per second) and durations of
// the last n samples of at least minBytes with a positive duration,
// oldest first. n <= 0 returns none.
func lastUsable(samples []Sample, n int, minBytes int64) (bps []float64, dur []time.Duration) {
	for i := len(samples) - 1; i >= 0 && len(bps) < n; i-- {
		s := samples[i]
		if s.Duration <= 0 || s.Bytes <= 0 || s.Bytes < minBytes {
			continue
		}
		bps = append(bps, s.Throughput())
		dur = append(dur, s.Duration)
	}
	slices.Reverse(bps)
	slices.Reverse(dur)
	return bps, dur
}
