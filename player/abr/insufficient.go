package abr

import "fmt"

// InsufficientBuffer rule constants (dash.js InsufficientBufferRule).
const (
	// insufficientSafety: the rule lets a segment take at most half the
	// buffered time to download (INSUFFICIENT_BUFFER_SAFETY_FACTOR).
	insufficientSafety = 0.5
	// insufficientIgnoreSegments: the rule stays silent for the first two
	// downloads after the start or a seek, when the buffer is low by
	// nature (SEGMENT_IGNORE_COUNT).
	insufficientIgnoreSegments = 2
)

// InsufficientBuffer is dash.js's InsufficientBufferRule, an Arbiter
// member: the highest rendition whose segment downloads, at the average
// throughput, in half the buffered time (throughput × buffer/segment
// duration × 0.5, less the latency's dead time); the lowest on a stall;
// no opinion for the first two downloads after the start or a seek. With
// a healthy buffer its cap is high and other rules decide.
type InsufficientBuffer struct {
	ignore int
	t      dashTracker
}

// NewInsufficientBuffer returns the rule. Like dash.js it budgets the
// average throughput with its own 0.5, not the bandwidth safety factor.
func NewInsufficientBuffer() *InsufficientBuffer {
	return &InsufficientBuffer{ignore: insufficientIgnoreSegments}
}

// Name implements Strategy.
func (r *InsufficientBuffer) Name() string { return "insufficient-buffer" }

// Reset implements Resetter: silent again for two downloads.
func (r *InsufficientBuffer) Reset() { *r = InsufficientBuffer{ignore: insufficientIgnoreSegments} }

// Decide implements Strategy.
func (r *InsufficientBuffer) Decide(s Snapshot) Decision {
	ev := r.t.see(s)
	if ev.seek {
		r.ignore = insufficientIgnoreSegments
	}
	for _, x := range ev.fresh {
		if !x.Aborted && r.ignore > 0 {
			r.ignore--
		}
	}
	if r.ignore > 0 || s.SegmentDuration <= 0 || len(s.Variants) == 0 {
		return Abstain("insufficient-buffer: ignoring the first segments")
	}
	if ev.stalled {
		return Decision{Variant: 0, Reason: "insufficient-buffer: buffer empty → " + rungName(s.Variants, 0)}
	}
	bps, latency, ok := dashThroughput(s.Samples)
	if !ok {
		return Abstain("insufficient-buffer: no throughput")
	}
	budget := bps * s.Buffer.Seconds() / s.SegmentDuration.Seconds() * insufficientSafety
	q := dashQualityForBitrate(s.Variants, budget, latency, s.SegmentDuration)
	return Decision{Variant: q, Deadline: DownloadDeadline(s, q),
		Reason: fmt.Sprintf("insufficient-buffer: %.2f Mbps × buf %.1fs/%.0fs × 0.5 → %s",
			bps/1e6, s.Buffer.Seconds(), s.SegmentDuration.Seconds(), rungName(s.Variants, q))}
}
