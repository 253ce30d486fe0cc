package abr

import (
	"fmt"
	"time"
)

// Throughput rule parameters.
const (
	// DefaultSafetyFactor is the share of the estimated throughput a
	// rendition may use: the estimate is noisy and the link is shared, so
	// budgeting 100% would stall on every dip (dash.js uses 0.9, Shaka
	// upgrades at 0.85; we are a little more careful with 10 s segments).
	DefaultSafetyFactor = 0.8
	// SessionMemoryMaxAge: a throughput remembered from an older session
	// is no longer evidence (the device may have moved networks).
	SessionMemoryMaxAge = time.Hour
)

// Network-hint guesses, used only before the first download is measured.
// They are deliberately modest: the first measured sample replaces them.
const (
	// hintEthernetBps: a wired link almost always carries 1080p.
	hintEthernetBps = 8e6
	// hintWiFiBps: home Wi-Fi at full signal typically sustains several Mbps.
	hintWiFiBps = 5e6
	// hintCellularBps: a cellular link at full signal, 3G-to-LTE middle ground.
	hintCellularBps = 2e6
	// hintSignalLevels: Signal goes 0..4; the guess scales by (Signal+1)/5.
	hintSignalLevels = 5
	// RTT hints: a short first-request latency means a near, fast origin;
	// a long one a slow or congested path. Coarse on purpose.
	hintFastRTT    = 50 * time.Millisecond
	hintFastRTTBps = 4e6
	hintMidRTT     = 150 * time.Millisecond
	hintMidRTTBps  = 2e6
	hintSlowRTTBps = 0.8e6
)

// ThroughputConfig tunes the throughput rule; zero fields take defaults.
type ThroughputConfig struct {
	// Safety is the share of the estimate to budget (default DefaultSafetyFactor).
	Safety float64
	// FastHalfLife and SlowHalfLife tune the estimator (defaults
	// DefaultFastHalfLife, DefaultSlowHalfLife).
	FastHalfLife, SlowHalfLife time.Duration
}

// Throughput is the plain rate rule: the highest rendition whose Bitrate
// fits in Safety × estimated throughput. The estimate is recomputed from
// the snapshot's samples on every call, so the rule has no hidden state.
type Throughput struct {
	cfg ThroughputConfig
}

func init() { register("throughput", func() Strategy { return NewThroughput(ThroughputConfig{}) }) }

// NewThroughput returns the rate rule with cfg (zero fields = defaults).
func NewThroughput(cfg ThroughputConfig) *Throughput {
	if cfg.Safety <= 0 || cfg.Safety > 1 {
		cfg.Safety = DefaultSafetyFactor
	}
	if cfg.FastHalfLife <= 0 {
		cfg.FastHalfLife = DefaultFastHalfLife
	}
	if cfg.SlowHalfLife <= 0 {
		cfg.SlowHalfLife = DefaultSlowHalfLife
	}
	return &Throughput{cfg: cfg}
}

// Name implements Strategy.
func (t *Throughput) Name() string { return "throughput" }

// Decide implements Strategy.
func (t *Throughput) Decide(s Snapshot) Decision {
	n := len(s.Variants)
	if n == 0 {
		return Decision{Variant: 0, Reason: "throughput: no renditions"}
	}
	bps, source, ok := t.estimate(s)
	if !ok {
		// Nothing known about the link. Lowest-first gives every session a
		// blurry start although most links carry far more; the top rung
		// risks a long startup. The middle rung of a ladder is a small
		// download on any link that can play video at all, and the first
		// measured sample corrects it one segment later either way.
		v := (n - 1) / 2
		return Decision{Variant: v, Reason: "no estimate yet → middle " + rungName(s.Variants, v),
			Deadline: DownloadDeadline(s, v)}
	}
	budget := bps * t.cfg.Safety
	v := 0
	for i := n - 1; i >= 0; i-- {
		if float64(s.Variants[i].Bitrate()) <= budget {
			v = i
			break
		}
	}
	reason := fmt.Sprintf("%s %.1f Mbps × %.2g → %s", source, bps/1e6, t.cfg.Safety, rungName(s.Variants, v))
	if v == 0 && float64(s.Variants[0].Bitrate()) > budget {
		reason += " (lowest)"
	}
	return Decision{Variant: v, Reason: reason, Deadline: DownloadDeadline(s, v)}
}

// estimate returns the throughput to budget from, where it came from, and
// whether anything is known: measured samples first, then the last
// session, then the network hints.
func (t *Throughput) estimate(s Snapshot) (bps float64, source string, ok bool) {
	if bps, ok := EstimateSamples(s.Samples, t.cfg.FastHalfLife, t.cfg.SlowHalfLife); ok {
		return bps, "est", true
	}
	if m := s.Last; m != nil && m.Throughput > 0 && m.Age >= 0 && m.Age < SessionMemoryMaxAge {
		return m.Throughput, "last session", true
	}
	if bps, source := networkGuess(s.Network); bps > 0 {
		return bps, source, true
	}
	return 0, "", false
}

// networkGuess turns the link type (scaled by signal strength) or the
// first request's latency into a throughput guess; 0 when nothing is known.
func networkGuess(h NetworkHint) (bps float64, source string) {
	var base float64
	switch h.Type {
	case NetworkEthernet:
		base = hintEthernetBps
	case NetworkWiFi:
		base = hintWiFiBps
	case NetworkCellular:
		base = hintCellularBps
	}
	if base > 0 {
		if h.Signal >= 0 && h.Signal < hintSignalLevels && h.Type != NetworkEthernet {
			base *= float64(h.Signal+1) / hintSignalLevels
		}
		return base, string(h.Type) + " hint"
	}
	switch {
	case h.RTT <= 0:
		return 0, ""
	case h.RTT <= hintFastRTT:
		base = hintFastRTTBps
	case h.RTT <= hintMidRTT:
		base = hintMidRTTBps
	default:
		base = hintSlowRTTBps
	}
	return base, fmt.Sprintf("rtt %.3gms hint", float64(h.RTT)/float64(time.Millisecond))
}
