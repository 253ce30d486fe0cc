package sim

import "smartplay/player/qoe"

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
	Reward   float64 `json:"reward"`   // QoE_lin of this segment (qoe.Reward)
	// Aborts counts deadline misses on this segment; Wasted their bytes.
	Aborts int   `json:"aborts,omitempty"`
	Wasted int64 `json:"wasted_bytes,omitempty"`
	// Throughput (bit/s) is the measured throughput when it was decided:
	// qoe.MeasuredThroughput of the downloads before (0 if none).
	Throughput float64 `json:"throughput_bps"`
	Reason     string  `json:"reason,omitempty"`
	// Requested is the session time (s) of the decision and its first
	// request; Arrived when the segment's last byte landed (after any
	// aborted attempts). Charts place the chunk on the session's clock
	// with them (player/report).
	Requested float64 `json:"requested_s"`
	Arrived   float64 `json:"arrived_s"`
}

// Session is one strategy streaming the video once over one trace.
type Session struct {
	Strategy string  `json:"strategy"`
	Trace    string  `json:"trace"`
	Offset   float64 `json:"offset_s"` // where in the trace the session started
	// SegmentDuration and MaxBuffer (s) of the model, for the metrics.
	SegmentDuration float64 `json:"segment_s"`
	MaxBuffer       float64 `json:"max_buffer_s"`
	// Renditions is the ladder as player/qoe counts it.
	Renditions []qoe.Rendition `json:"renditions"`
	Chunks     []Chunk         `json:"chunks"`
	Startup    float64         `json:"startup_s"` // open to first frame
	Stalls     int             `json:"stalls"`    // after the first frame
	StallTime  float64         `json:"stall_s"`
}
