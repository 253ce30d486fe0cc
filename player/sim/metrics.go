package sim

import "smartplay/player/qoe"

// Bad-case thresholds (../shared/DESIGN.md "QoE"), computed here until
// player/qoe defines them for both the player and the simulator.
const (
	// badUpswitchWindow: a stall while fetching an upswitched segment or
	// one of the next badUpswitchWindow is blamed on the upswitch.
	badUpswitchWindow = 2
	// oscillationWindow: an upswitch undone (back to or below the rung it
	// left) within this many segments is an oscillation.
	oscillationWindow = 3
	// stuckLowestSeconds: staying this long at the lowest rendition while
	// the link allows two rungs more and the buffer is healthy is a bad case.
	stuckLowestSeconds = 30.0
	// stuckHeadroomRungs: "allows two rungs more".
	stuckHeadroomRungs = 2
	// healthyBufferSegments: a buffer of this many segments is healthy.
	healthyBufferSegments = 2
)

// BadCases counts the bad cases of ../shared/DESIGN.md in one session.
type BadCases struct {
	// StallAfterUpswitch: upswitches followed by a stall within 2 segments.
	StallAfterUpswitch int `json:"stall_after_upswitch"`
	// AboveThroughputLowBuffer: decisions for a rendition above the last
	// measured throughput with less than one segment buffered.
	AboveThroughputLowBuffer int `json:"above_throughput_low_buffer"`
	// StuckAtLowest: runs of 30 s at the lowest rendition while every
	// measured throughput allowed two rungs more and the buffer held two
	// segments.
	StuckAtLowest int `json:"stuck_at_lowest"`
}

// Total is the number of bad cases of every kind.
func (b BadCases) Total() int {
	return b.StallAfterUpswitch + b.AboveThroughputLowBuffer + b.StuckAtLowest
}

// Metrics are one session's QoE figures (per-chunk means over its chunks).
type Metrics struct {
	Chunks                int      `json:"chunks"`
	QoE                   float64  `json:"qoe"` // Σ QoE_lin
	QoEPerChunk           float64  `json:"qoe_per_chunk"`
	QoEPerChunkAfterFirst float64  `json:"qoe_per_chunk_after_first"`
	QoEAfterFirst         float64  `json:"qoe_after_first"` // Σ QoE_lin of chunks 1…n−1
	BitrateMbps           float64  `json:"bitrate_mbps"`
	RebufferPerChunk      float64  `json:"rebuffer_s_per_chunk"`
	SmoothMbpsPerChunk    float64  `json:"smooth_mbps_per_chunk"`
	Startup               float64  `json:"startup_s"`
	Stalls                int      `json:"stalls"`
	StallTime             float64  `json:"stall_s"`
	PlayTime              float64  `json:"play_s"`
	StallRatio            float64  `json:"stall_ratio"`
	HDShare               float64  `json:"hd_share"`
	Switches              int      `json:"switches"`
	SwitchesUp            int      `json:"switches_up"`
	SwitchesDown          int      `json:"switches_down"`
	Oscillations          int      `json:"oscillations"`
	Aborts                int      `json:"aborts"`
	WastedBytes           int64    `json:"wasted_bytes"`
	Bytes                 int64    `json:"bytes"`
	Bad                   BadCases `json:"bad_cases"`
}

// Metrics computes the session's QoE figures.
func (s *Session) Metrics() Metrics {
	m := Metrics{Chunks: len(s.Chunks), Startup: s.Startup, Stalls: s.Stalls, StallTime: s.StallTime}
	n := len(s.Chunks)
	if n == 0 {
		return m
	}
	var hd, after, smooth float64
	for i, c := range s.Chunks {
		m.QoE += c.Reward
		m.BitrateMbps += c.Kbps / kbpsPerMbps
		m.RebufferPerChunk += c.Rebuffer
		m.Aborts += c.Aborts
		m.WastedBytes += c.Wasted
		m.Bytes += c.Bytes
		if c.Height >= qoe.HDHeight {
			hd++
		}
		if i == 0 {
			continue
		}
		after += c.Reward
		prev := s.Chunks[i-1]
		switch {
		case c.Kbps > prev.Kbps:
			m.SwitchesUp++
			smooth += (c.Kbps - prev.Kbps) / kbpsPerMbps
		case c.Kbps < prev.Kbps:
			m.SwitchesDown++
			smooth += (prev.Kbps - c.Kbps) / kbpsPerMbps
		}
	}
	m.Switches = m.SwitchesUp + m.SwitchesDown
	fn := float64(n)
	m.QoEPerChunk = m.QoE / fn
	m.QoEAfterFirst = after
	if n > 1 {
		m.QoEPerChunkAfterFirst = after / float64(n-1)
	}
	m.BitrateMbps /= fn
	m.RebufferPerChunk /= fn
	m.SmoothMbpsPerChunk = smooth / fn
	m.HDShare = hd / fn // every segment is the same media time
	m.PlayTime = fn * s.SegmentDuration
	if t := m.PlayTime + m.StallTime; t > 0 {
		m.StallRatio = m.StallTime / t
	}
	m.Oscillations = oscillations(s.Chunks)
	m.Bad = badCases(s)
	return m
}

// oscillations counts upswitches undone within oscillationWindow segments.
func oscillations(cs []Chunk) int {
	n := 0
	for j := 1; j < len(cs); j++ {
		if cs[j].Variant <= cs[j-1].Variant {
			continue
		}
		for k := j + 1; k < len(cs) && k <= j+oscillationWindow; k++ {
			if cs[k].Variant <= cs[j-1].Variant {
				n++
				break
			}
		}
	}
	return n
}

// badCases counts DESIGN.md's bad cases with the thresholds above.
func badCases(s *Session) BadCases {
	var b BadCases
	cs := s.Chunks
	for j := 1; j < len(cs); j++ {
		if cs[j].Variant > cs[j-1].Variant {
			for k := j; k < len(cs) && k <= j+badUpswitchWindow; k++ {
				if cs[k].Rebuffer > 0 {
					b.StallAfterUpswitch++
					break
				}
			}
		}
		if cs[j].Throughput > 0 && cs[j].BufferBefore < s.SegmentDuration && cs[j].Kbps*1000 > cs[j].Throughput {
			b.AboveThroughputLowBuffer++
		}
	}
	// Runs at the lowest rendition with headroom and a healthy buffer.
	if len(s.LadderKbps) <= stuckHeadroomRungs {
		return b
	}
	twoUp := s.LadderKbps[stuckHeadroomRungs] * 1000
	run := 0.0
	for _, c := range cs {
		if c.Variant != 0 || c.Throughput < twoUp || c.BufferBefore < healthyBufferSegments*s.SegmentDuration {
			run = 0
			continue
		}
		run += s.SegmentDuration
		if run >= stuckLowestSeconds {
			b.StuckAtLowest++
			run = 0
		}
	}
	return b
}
