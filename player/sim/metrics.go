package sim

import (
	"time"

	"smartplay/player/qoe"
)

// Metrics are one session's QoE figures: player/qoe's Summary (the same
// definitions and code as the player's session_end event), fed one played
// segment at a time, plus what only the simulator knows.
type Metrics struct {
	qoe.Summary
	// QoEAfterFirst is Σ QoE_lin over segments 1…n−1 (Pensieve's
	// plot_results.py score, "Σ47").
	QoEAfterFirst float64 `json:"qoe_after_first"`
	// HDSeconds is the media time played at 720p and above (unrounded).
	HDSeconds float64 `json:"hd_s"`
	// Aborts counts deadline misses; WastedBytes their bytes; Bytes the
	// bytes of the segments that were played.
	Aborts      int   `json:"aborts"`
	WastedBytes int64 `json:"wasted_bytes"`
	Bytes       int64 `json:"bytes"`
}

// Metrics computes the session's QoE figures with player/qoe.
func (s *Session) Metrics() Metrics {
	t := qoe.NewTracker(s.Renditions)
	seg := secDuration(s.SegmentDuration)
	var m Metrics
	for i, c := range s.Chunks {
		t.Played(qoe.Segment{Index: c.Index, Variant: c.Variant, Start: time.Duration(c.Index) * seg, Duration: seg,
			Rebuffer: c.Rebuffer, Buffer: secDuration(c.BufferBefore), Throughput: c.Throughput})
		if i > 0 {
			m.QoEAfterFirst += c.Reward
		}
		if c.Height >= qoe.HDHeight {
			m.HDSeconds += s.SegmentDuration
		}
		m.Aborts += c.Aborts
		m.WastedBytes += c.Wasted
		m.Bytes += c.Bytes
	}
	m.Summary = t.Summary()
	return m
}

// measuredThroughput is qoe.MeasuredThroughput of the samples so far, as
// the player notes it with each decision.
func measuredThroughput(rates []float64) float64 { return qoe.MeasuredThroughput(rates) }
