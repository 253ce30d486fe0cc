package abr

import (
	"fmt"
	"time"
)

// Upswitch guard defaults. Chosen with a scratch harness over sim.Run on
// the tuning halves (the even-indexed traces of each LTE/4G goal set and of
// pensieve-train, realistic model, built-in ladder, smart's other members
// as shipped) and checked on the odd halves and the Pensieve model
// (docs/BENCHMARKS.md). Figures below: bad cases on the LTE/4G tuning half,
// then on the pensieve-train one, and the LTE/4G HD share; the defaults
// give 15, 25, 0.798, no guard at all 27, 94, 0.812.
const (
	// DefaultGuardWindow: downloads the pessimistic rate looks at, as many
	// as the planner's harmonic mean (3: 19, 33, 0.804; 8: 26, 39, 0.780).
	DefaultGuardWindow = DefaultPlanHistory
	// DefaultGuardPercentile: the pessimistic rate is this duration-weighted
	// percentile of the window's rates, in practice the slowest recent
	// download: an upswitch must survive a repeat of the link's recent low,
	// not its average (0.2: 17, 27, 0.797; the median: 19, 43, 0.804).
	DefaultGuardPercentile = 0.1
	// DefaultGuardMinLeft: buffer that must remain at every arrival of the
	// checked segments at the pessimistic rate, for the request latency and
	// a dip deeper than the recent low (0 s: 22, 65, 0.805; 2 s: 18, 36,
	// 0.799; 6 s: 15, 25, 0.794).
	DefaultGuardMinLeft = 4 * time.Second
	// DefaultGuardSteps: segments checked at the new rendition, the
	// upswitched one and the StallAfterUpswitch window's two after it
	// (player/qoe): an upswitch that only survives its first segment has
	// spent the buffer the next ones need (1: 19, 42, 0.804; 2: 19, 33,
	// 0.801).
	DefaultGuardSteps = 3
)

// GuardConfig tunes the UpswitchGuard; zero fields take the defaults.
type GuardConfig struct {
	Window     int           // downloads; default DefaultGuardWindow
	Percentile float64       // in (0, 1]; default DefaultGuardPercentile
	MinLeft    time.Duration // default DefaultGuardMinLeft; <0 means 0
	Steps      int           // segments; default DefaultGuardSteps
}

func (c GuardConfig) withDefaults() GuardConfig {
	if c.Window <= 0 {
		c.Window = DefaultGuardWindow
	}
	if !(c.Percentile > 0 && c.Percentile <= 1) {
		c.Percentile = DefaultGuardPercentile
	}
	switch {
	case c.MinLeft == 0:
		c.MinLeft = DefaultGuardMinLeft
	case c.MinLeft < 0:
		c.MinLeft = 0
	}
	if c.Steps <= 0 {
		c.Steps = DefaultGuardSteps
	}
	return c
}

// UpswitchGuard is an Arbiter member that caps upswitches. It allows a
// rendition above the current one only if, at a pessimistic rate (a low
// percentile of the recent downloads), the next Steps segments at that
// rendition would each arrive with at least MinLeft of buffer to spare
// (the buffer refilling by a segment per arrival, up to the player's
// limit). It answers with the highest such rendition, or the current one
// when none is safe, at PriorityDefault, so in an Arbiter it caps the other
// default opinions; the answer carries the deadline the planner would give
// that download (UpswitchDeadline at the window's harmonic mean), since an
// Arbiter keeps the winner's. It never asks for a downswitch, and abstains when
// every upswitch is safe, at the top rung, before the first download, or
// without a segment duration.
//
// Why: nearly all of the planner's bad cases on the LTE/4G traces were
// stalls within two segments of an upswitch, upswitches decided on an
// average just before the link dropped back to a recent low.
type UpswitchGuard struct{ cfg GuardConfig }

// NewUpswitchGuard returns the guard.
func NewUpswitchGuard(cfg GuardConfig) *UpswitchGuard {
	return &UpswitchGuard{cfg: cfg.withDefaults()}
}

// Name implements Strategy.
func (g *UpswitchGuard) Name() string { return "guard" }

// Decide implements Strategy.
func (g *UpswitchGuard) Decide(s Snapshot) Decision {
	n := len(s.Variants)
	if n == 0 || s.Current < 0 || s.SegmentDuration <= 0 {
		return Abstain("guard: nothing to guard")
	}
	cur := clampVariant(s.Current, n)
	if cur == n-1 {
		return Abstain("guard: at the top")
	}
	rate, ok := g.PessimisticRate(s.Samples)
	if !ok {
		return Abstain("guard: nothing measured")
	}
	q := n - 1
	for q > cur && g.Lowest(s, q, rate) < g.cfg.MinLeft {
		q--
	}
	if q == n-1 {
		return Abstain("guard: every upswitch safe")
	}
	why := "at most " + rungName(s.Variants, q)
	if q == cur {
		why = "no upswitch"
	}
	// The cap's download gets the deadline the planner would give it.
	mean, _ := HarmonicMean{N: g.cfg.Window}.Estimate(s.Samples)
	return Decision{Variant: q, Deadline: UpswitchDeadline(s, q, mean),
		Reason: fmt.Sprintf("guard: at %.2f Mbps %s would leave %.1fs → %s",
			rate/1e6, rungName(s.Variants, q+1), g.Lowest(s, q+1, rate).Seconds(), why)}
}

// PessimisticRate is the rate (bits per second) the guard judges
// upswitches by: the Percentile of the last Window downloads' rates
// (SlidingPercentile, aborted attempts included: they measured the link).
func (g *UpswitchGuard) PessimisticRate(samples []Sample) (float64, bool) {
	return SlidingPercentile{Window: g.cfg.Window, Percentile: g.cfg.Percentile}.Estimate(samples)
}

// Lowest is the lowest buffer the next Steps segments at rendition q
// leave on arrival at rate (bits per second, > 0), the link's request
// latency included; the buffer before each later download is capped
// where the player stops fetching (MaxBuffer minus a segment). Segments
// past the end of a VOD presentation are not counted.
func (g *UpswitchGuard) Lowest(s Snapshot, q int, rate float64) time.Duration {
	limit := s.MaxBuffer
	if limit <= 0 {
		limit = DefaultMaxBuffer
	}
	top := max(limit-s.SegmentDuration, s.SegmentDuration)
	buf, low := s.Buffer, s.Buffer
	rtt := LinkRTT(s)
	for k := 0; k < g.cfg.Steps; k++ {
		if s.SegmentCount > 0 && s.SegmentIndex+k >= s.SegmentCount {
			break
		}
		bits := float64(segmentBytesAt(s, q, k, s.SegmentDuration)) * 8
		buf -= time.Duration(bits/rate*float64(time.Second)) + rtt
		low = min(low, buf)
		buf = min(buf+s.SegmentDuration, top)
	}
	return low
}
