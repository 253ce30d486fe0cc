package qoe

import (
	"math"
	"time"
)

// The QoE definitions of ../shared/DESIGN.md, in one place.
const (
	// HDHeight is the height from which a rendition counts as HD (720p+).
	HDHeight = 720
	// RebufferPenalty is QoE_lin's cost of one second of rebuffering, in
	// Mbit/s: Pensieve's and MPC's REBUF_PENALTY (the top rung's 4.3 Mbps,
	// so a second of stall costs what a second at the top rung earns).
	RebufferPenalty = 4.3
	// SmoothnessPenalty weighs |Δ bitrate| (Mbit/s) in QoE_lin, as
	// Pensieve's SMOOTH_PENALTY.
	SmoothnessPenalty = 1.0
	// OscillationWindow: an upswitch undone (a later segment below its
	// bitrate) within this many segments is an oscillation.
	OscillationWindow = 3
	// StallAfterUpswitchWindow: a stall waiting for a segment up to this
	// many segments after an upswitch (0 = the upswitched segment itself)
	// is the bad case "stall after an upswitch".
	StallAfterUpswitchWindow = 2
	// StuckAtLowest is how long (media time) a session may stay at the
	// lowest rendition while the link allows two rungs more and the buffer
	// is healthy before it counts as the bad case "stuck at the lowest".
	StuckAtLowest = 30 * time.Second
	// StuckRungsAllowed: "the link allows two rungs more" means the
	// measured throughput reaches the bitrate of rendition 0+2.
	StuckRungsAllowed = 2
	// HealthyBufferSegments: a buffer of at least this many segment
	// durations is healthy — the next download may take twice its real
	// time without a stall.
	HealthyBufferSegments = 2
	// MeasuredWindow is how many recent downloads MeasuredThroughput
	// averages: robustMPC's window, short enough to follow the link.
	MeasuredWindow = 5
)

// Reward is QoE_lin of one segment: bitrate in Mbit/s − RebufferPenalty ×
// rebuffer seconds − SmoothnessPenalty × |bitrate − prev| in Mbit/s, with
// bitrates in bits per second. For the first segment of a session pass
// prev = bitrate (no smoothness term; Pensieve's chunk 0 is at its default
// quality, so its term is 0 too).
func Reward(bitrate, prev int64, rebufferSeconds float64) float64 {
	return float64(bitrate)/1e6 - RebufferPenalty*rebufferSeconds -
		SmoothnessPenalty*math.Abs(float64(bitrate-prev))/1e6
}

// MeasuredThroughput is "the measured throughput" of the bad cases: the
// harmonic mean of the last MeasuredWindow download rates (bits per second,
// oldest first; non-positive rates are skipped), 0 when there are none.
// Player and simulator both pass the rates of the downloads finished
// before a decision.
func MeasuredThroughput(rates []float64) float64 {
	var inv float64
	n := 0
	for i := len(rates) - 1; i >= 0 && n < MeasuredWindow; i-- {
		if r := rates[i]; r > 0 && !math.IsInf(r, 0) {
			inv += 1 / r
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(n) / inv
}
