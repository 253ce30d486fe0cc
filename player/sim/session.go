package sim

// Chunk is one segment of a simulated session.
type Chunk struct {
	Index int `json:"index"`
	// Variant is the rendition that was played (after any emergency
	// downgrade); Decided the strategy's choice, -1 when the model forced
	// it (Pensieve's chunk 0).
	Variant int     `json:"variant"`
	Decided int     `json:"decided"`
	Kbps    float64 `json:"bitrate_kbps"` // Variant's bitrate as QoE_lin counts it
	Height  int     `json:"height"`
	// BufferBefore is the buffer (s) the decision saw; Buffer the buffer
	// after the download (Pensieve: after the +segment and any sleep).
	BufferBefore float64 `json:"buffer_before_s"`
	Buffer       float64 `json:"buffer_s"`
	// Rebuffer is how long (s) the playhead waited for this segment; for
	// chunk 0 it is the startup delay, as in Pensieve.
	Rebuffer float64 `json:"rebuffer_s"`
	Bytes    int64   `json:"bytes"`    // of the fetch that landed
	Delay    float64 `json:"delay_ms"` // its request to last byte, RTT included
	Reward   float64 `json:"reward"`   // QoE_lin of this segment
	// Aborts counts deadline misses on this segment; Wasted their bytes.
	Aborts int   `json:"aborts,omitempty"`
	Wasted int64 `json:"wasted_bytes,omitempty"`
	// Throughput (bit/s) of the last download before the decision, 0 if none.
	Throughput float64 `json:"throughput_bps"`
	Reason     string  `json:"reason,omitempty"`
}

// Session is one strategy streaming the video once over one trace.
type Session struct {
	Strategy string  `json:"strategy"`
	Trace    string  `json:"trace"`
	Offset   float64 `json:"offset_s"` // where in the trace the session started
	// SegmentDuration and MaxBuffer (s) of the model, for the metrics.
	SegmentDuration float64 `json:"segment_s"`
	MaxBuffer       float64 `json:"max_buffer_s"`
	// LadderKbps is every rendition's bitrate as QoE_lin counts it.
	LadderKbps []float64 `json:"ladder_kbps"`
	Chunks     []Chunk   `json:"chunks"`
	Startup    float64   `json:"startup_s"` // open to first frame
	Stalls     int       `json:"stalls"`    // after the first frame
	StallTime  float64   `json:"stall_s"`
}

// QoE_lin weights (Pensieve, MPC; ../shared/DESIGN.md): per segment,
// bitrate Mbit/s − RebufferPenalty × rebuffer s − SmoothPenalty × |Δ bitrate| Mbit/s.
const (
	RebufferPenalty = 4.3
	SmoothPenalty   = 1
	kbpsPerMbps     = 1000.0
)

// reward is QoE_lin of one segment with Pensieve's exact arithmetic (kbps
// values, so the order of the float operations matches bb.py and mpc.py).
func reward(kbps, lastKbps, rebufS float64) float64 {
	d := kbps - lastKbps
	if d < 0 {
		d = -d
	}
	// The conversions keep a compiler from fusing a multiply and a
	// subtraction (FMA), which would change the last bits.
	return kbps/kbpsPerMbps - float64(RebufferPenalty*rebufS) - float64(SmoothPenalty*d)/kbpsPerMbps
}
