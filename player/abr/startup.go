package abr

import (
	"fmt"
	"time"
)

// Startup policy constants.
const (
	// StartupBudgetShare: the first segment must download within this
	// share of its own duration under the conservative estimate. Its
	// download time is the startup delay, and at half its duration the
	// buffer still doubles while the second segment downloads at the same
	// rate, so the start neither drags nor stalls right away. Lowest-first
	// would start faster but shows a blurry first segment (10 s long, the
	// normal case), which viewers abandon.
	StartupBudgetShare = 0.5
	// startupMemoryTrust discounts a remembered throughput: it was
	// measured at the end of the last session and conditions drift.
	startupMemoryTrust = 0.8
	// startupHintCeiling: a remembered throughput is believed up to this
	// many times what the current network type and signal suggest; far
	// beyond it the device has most likely moved (ethernet then, weak
	// cellular now).
	startupHintCeiling = 2.0
	// startupRungsAboveMemory: the first segment goes at most this many
	// rungs above the rendition the last session ended at.
	startupRungsAboveMemory = 1
	// fallbackSegmentDuration stands in for an unknown segment duration:
	// 10 s segments are the normal case of the product.
	fallbackSegmentDuration = 10 * time.Second
)

// Conservative link priors (bits per second) by network type and signal
// (0 = none … 4 = full), used before anything is measured. They sit well
// below what such links usually carry: a low first rung costs one
// segment of picture, a high one a long startup.
var (
	// priorEthernetBps: a wired link carries the top of any common ladder.
	priorEthernetBps = 10e6
	// priorWiFiBps by signal bars; an unknown signal takes the middle.
	priorWiFiBps = [...]float64{1e6, 2e6, 4e6, 7e6, 10e6}
	// priorCellularBps by signal bars, from 3G at one bar to LTE at four.
	priorCellularBps = [...]float64{0.5e6, 1e6, 2e6, 4e6, 6e6}
)

// Priors for a link of unknown type, from the playlist requests' latency.
const (
	// priorNearRTT: a near origin (same city, CDN edge).
	priorNearRTT    = 50 * time.Millisecond
	priorNearRTTBps = 4e6
	// priorMidRTT: a continental path.
	priorMidRTT    = 150 * time.Millisecond
	priorMidRTTBps = 2e6
	// priorFarRTTBps: intercontinental, satellite or a congested path.
	priorFarRTTBps = 0.8e6
	// priorUnknownBps: nothing known at all; a link that plays video.
	priorUnknownBps = 2e6
)

// StartupEstimate is the conservative throughput (bits per second) the
// startup policy plans with before any segment is measured, and where it
// came from. It starts from the network prior (type and signal, or the
// playlist requests' RTT when the type is unknown); a fresh last-session
// throughput (younger than SessionMemoryMaxAge), discounted, replaces it,
// capped at startupHintCeiling × the prior when the network type is
// known; the playlist requests' throughput is a floor. Always positive.
func StartupEstimate(s Snapshot) (bps float64, source string) {
	bps, source = networkPrior(s.Network)
	if m := freshMemory(s); m != nil && m.Throughput > 0 {
		mem := m.Throughput * startupMemoryTrust
		if s.Network.Type != NetworkUnknown && mem > bps*startupHintCeiling {
			mem, source = bps*startupHintCeiling, "last session (capped by "+source+")"
		} else {
			source = "last session"
		}
		bps = mem
	}
	if f := s.Network.Throughput; f > bps {
		bps, source = f, "playlist requests"
	}
	return bps, source
}

// StartupDecision picks the first segment's rendition: the highest whose
// first segment (its known size, else bitrate × duration) downloads,
// request latency included, within StartupBudgetShare of the segment's
// duration at StartupEstimate, at most startupRungsAboveMemory above the
// rendition a fresh last session ended at; the lowest when none fits.
// Its priority is PriorityStrong: with nothing measured, it overrides
// other opinions in an Arbiter. Before the first download its deadline is
// the budget (above the lowest): a guess must not hold the first picture
// back for longer.
func StartupDecision(s Snapshot) Decision {
	n := len(s.Variants)
	if n == 0 {
		return Decision{Reason: "startup: no renditions", Priority: PriorityStrong}
	}
	if s.SegmentDuration <= 0 {
		s.SegmentDuration = fallbackSegmentDuration
	}
	bps, source := StartupEstimate(s)
	budget := scaleDuration(s.SegmentDuration, StartupBudgetShare)
	top := n - 1
	capped := ""
	if m := freshMemory(s); m != nil && m.Variant >= 0 && m.Variant+startupRungsAboveMemory < top {
		top = m.Variant + startupRungsAboveMemory
		capped = ", capped by last session's " + rungName(s.Variants, m.Variant)
	}
	v, fits := 0, false
	var took time.Duration
	for i := top; i >= 0; i-- {
		took = ExpectedDownload(s, i, bps)
		if took <= budget {
			v, fits = i, true
			break
		}
	}
	if !fits {
		took = ExpectedDownload(s, 0, bps)
	}
	reason := fmt.Sprintf("startup: %s %.1f Mbps → %s in %.1fs of %.1fs%s", source, bps/1e6,
		rungName(s.Variants, v), took.Seconds(), budget.Seconds(), capped)
	if !fits {
		reason += " (nothing fits: lowest)"
	}
	deadline := DownloadDeadline(s, v)
	if len(s.Samples) == 0 && v > 0 && deadline == 0 {
		// Nothing measured yet: the choice is a guess from priors or a
		// memory, and a wrong one would hold the first picture back for
		// as long as the download takes. The budget bounds that wait; a
		// miss refetches the lowest at once.
		deadline = budget
		reason += fmt.Sprintf(", deadline %.1fs", budget.Seconds())
	}
	return Decision{Variant: v, Reason: reason, Deadline: deadline, Priority: PriorityStrong}
}

// Startup is the startup policy as an Arbiter member: StartupDecision
// while the session has no downloads, no opinion after.
type Startup struct{}

// Name implements Strategy.
func (Startup) Name() string { return "startup" }

// Decide implements Strategy.
func (Startup) Decide(s Snapshot) Decision {
	if len(s.Samples) > 0 {
		return Abstain("startup: measured downloads exist")
	}
	return StartupDecision(s)
}

// freshMemory is the last session's memory when it is younger than
// SessionMemoryMaxAge, else nil.
func freshMemory(s Snapshot) *SessionMemory {
	if m := s.Last; m != nil && m.Age >= 0 && m.Age < SessionMemoryMaxAge {
		return m
	}
	return nil
}

// networkPrior is the conservative throughput prior of a network hint.
func networkPrior(h NetworkHint) (bps float64, source string) {
	signal := func(table []float64) (float64, string) {
		if h.Signal >= 0 && h.Signal < len(table) {
			return table[h.Signal], fmt.Sprintf("%s signal %d", h.Type, h.Signal)
		}
		return table[len(table)/2], string(h.Type)
	}
	switch h.Type {
	case NetworkEthernet:
		return priorEthernetBps, "ethernet"
	case NetworkWiFi:
		return signal(priorWiFiBps[:])
	case NetworkCellular:
		return signal(priorCellularBps[:])
	}
	switch {
	case h.RTT <= 0:
		return priorUnknownBps, "unknown network"
	case h.RTT <= priorNearRTT:
		return priorNearRTTBps, "near origin"
	case h.RTT <= priorMidRTT:
		return priorMidRTTBps, "mid-distance origin"
	default:
		return priorFarRTTBps, "far origin"
	}
}
