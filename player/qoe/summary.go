package qoe

import "time"

// RenditionTime is the media time played at one rendition.
type RenditionTime struct {
	Index   int     `json:"index"`
	Label   string  `json:"label"`
	Seconds float64 `json:"seconds"`
}

// BadCases counts the bad cases of ../shared/DESIGN.md.
type BadCases struct {
	// StallAfterUpswitch: stalls waiting for a segment at most
	// StallAfterUpswitchWindow segments after an upswitch.
	StallAfterUpswitch int `json:"stall_after_upswitch"`
	// AboveThroughputLowBuffer: segments decided above the measured
	// throughput with less than one segment buffered.
	AboveThroughputLowBuffer int `json:"above_throughput_low_buffer"`
	// StuckAtLowest: runs of StuckAtLowest or more at the lowest rendition
	// while the link allowed StuckRungsAllowed rungs more and the buffer
	// was healthy.
	StuckAtLowest int `json:"stuck_at_lowest"`
	// Total is the sum of the three.
	Total int `json:"total"`
}

// Summary is the QoE of a session, as logged in session_end and reported
// by the simulator. Time-based figures are rounded for reading (ms, 1e-4);
// the per-segment figures (QoE_lin and its parts) are exact.
type Summary struct {
	StartupDelay    float64         `json:"startup_delay_s"`
	PlayTime        float64         `json:"play_s"`
	StallCount      int             `json:"stall_count"`
	StallTime       float64         `json:"stall_s"`
	StallRatio      float64         `json:"stall_ratio"`
	HDShare         float64         `json:"hd_share"`
	MeanBitrateKbps float64         `json:"mean_bitrate_kbps"`
	Switches        int             `json:"switches"`
	SwitchesUp      int             `json:"switches_up"`
	SwitchesDown    int             `json:"switches_down"`
	DroppedFrames   int             `json:"dropped_frames"`
	PerRendition    []RenditionTime `json:"per_rendition"`

	// Segments played (a segment counts once the playhead passed its start).
	Segments int `json:"segments"`
	// QoELin is the sum of Reward over the segments.
	QoELin float64 `json:"qoe_lin"`
	// QoEPerChunk is QoELin / Segments; QoEPerChunkAfterFirst leaves the
	// first segment out (it carries the startup delay; Pensieve's plots
	// score chunks 1-47).
	QoEPerChunk           float64 `json:"qoe_per_chunk"`
	QoEPerChunkAfterFirst float64 `json:"qoe_per_chunk_after_first"`
	// Per-segment means of QoE_lin's three terms: bitrate (Mbit/s),
	// rebuffering (s, the startup delay included) and |Δ bitrate| (Mbit/s).
	BitrateMbps        float64 `json:"bitrate_mbps"`
	RebufferPerChunk   float64 `json:"rebuffer_s_per_chunk"`
	SmoothnessPerChunk float64 `json:"smoothness_mbps_per_chunk"`
	// Oscillations: upswitches undone within OscillationWindow segments.
	Oscillations int      `json:"oscillations"`
	BadCases     BadCases `json:"bad_cases"`
}

// Summary returns the figures so far.
func (t *Tracker) Summary() Summary {
	s := Summary{
		StartupDelay: sec(t.startup), StallCount: t.stalls, StallTime: sec(t.stallTime),
		Switches: t.up + t.down, SwitchesUp: t.up, SwitchesDown: t.down, DroppedFrames: t.dropped,
	}
	var play, hd time.Duration
	var bits float64
	for i, d := range t.perVariant {
		play += d
		r := t.renditions[i]
		if r.Height >= HDHeight {
			hd += d
		}
		bits += float64(r.Bitrate) * d.Seconds()
		s.PerRendition = append(s.PerRendition, RenditionTime{Index: i, Label: r.Label, Seconds: sec(d)})
	}
	s.PlayTime = sec(play)
	if play > 0 {
		s.HDShare = round(float64(hd)/float64(play), 1e4)
		s.MeanBitrateKbps = round(bits/play.Seconds()/1000, 10)
	}
	if total := play + t.stallTime; total > 0 {
		s.StallRatio = round(float64(t.stallTime)/float64(total), 1e4)
	}
	t.segmentFigures(&s)
	return s
}

func sec(d time.Duration) float64 { return round(d.Seconds(), 1000) }

func round(f, scale float64) float64 { return float64(int64(f*scale+0.5)) / scale }
