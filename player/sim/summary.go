package sim

import "smartplay/player/qoe"

// Summary is one strategy's figures over all its sessions. Per-chunk
// figures are means over sessions of the session's per-chunk mean (the
// sessions of a run have equal length, so this is also the mean over all
// chunks, as Pensieve's plot_results.py averages); StallRatio and HDShare
// are pooled over time.
type Summary struct {
	Strategy string `json:"strategy"`
	Traces   int    `json:"traces"`
	Sessions int    `json:"sessions"`
	Chunks   int    `json:"chunks"` // in all sessions

	QoEPerChunk           float64 `json:"qoe_per_chunk"`
	QoEPerChunkAfterFirst float64 `json:"qoe_per_chunk_after_first"`
	// QoESumAfterFirst is the mean per session of Σ QoE_lin over chunks
	// 1…n−1 (Pensieve's plot_results.py score, "Σ47").
	QoESumAfterFirst   float64 `json:"qoe_sum_after_first"`
	BitrateMbps        float64 `json:"bitrate_mbps"`
	RebufferPerChunk   float64 `json:"rebuffer_s_per_chunk"`
	SmoothMbpsPerChunk float64 `json:"smooth_mbps_per_chunk"`
	StallRatio         float64 `json:"stall_ratio"`
	HDShare            float64 `json:"hd_share"`
	SwitchesPerChunk   float64 `json:"switches_per_chunk"`
	Startup            float64 `json:"startup_s"` // mean
	Stalls             int     `json:"stalls"`
	StallsPerSession   float64 `json:"stalls_per_session"`
	StallTime          float64 `json:"stall_s"`
	Oscillations       int     `json:"oscillations"`
	Aborts             int     `json:"aborts"`
	WastedBytes        int64   `json:"wasted_bytes"`
	// WasteShare is wasted bytes over all bytes fetched.
	WasteShare float64 `json:"waste_share"`
	// Bad sums player/qoe's bad cases over the sessions.
	Bad qoe.BadCases `json:"bad_cases"`
}

// Summarize groups sessions by strategy (in order of first appearance)
// and sums up each group.
func Summarize(sessions []*Session) []Summary {
	var order []string
	groups := map[string][]*Session{}
	for _, s := range sessions {
		if _, ok := groups[s.Strategy]; !ok {
			order = append(order, s.Strategy)
		}
		groups[s.Strategy] = append(groups[s.Strategy], s)
	}
	out := make([]Summary, 0, len(order))
	for _, name := range order {
		out = append(out, summarize(name, groups[name]))
	}
	return out
}

func summarize(name string, ss []*Session) Summary {
	sum := Summary{Strategy: name, Sessions: len(ss)}
	traces := map[string]bool{}
	var play, hd, switches, bytes float64
	for _, s := range ss {
		traces[s.Trace] = true
		m := s.Metrics()
		sum.Chunks += m.Segments
		sum.QoEPerChunk += m.QoEPerChunk
		sum.QoEPerChunkAfterFirst += m.QoEPerChunkAfterFirst
		sum.QoESumAfterFirst += m.QoEAfterFirst
		sum.BitrateMbps += m.BitrateMbps
		sum.RebufferPerChunk += m.RebufferPerChunk
		sum.SmoothMbpsPerChunk += m.SmoothnessPerChunk
		sum.Startup += m.StartupDelay
		sum.Stalls += m.StallCount
		sum.StallTime += m.StallTime
		sum.Oscillations += m.Oscillations
		sum.Aborts += m.Aborts
		sum.WastedBytes += m.WastedBytes
		sum.Bad.StallAfterUpswitch += m.BadCases.StallAfterUpswitch
		sum.Bad.AboveThroughputLowBuffer += m.BadCases.AboveThroughputLowBuffer
		sum.Bad.StuckAtLowest += m.BadCases.StuckAtLowest
		sum.Bad.Total += m.BadCases.Total
		play += m.PlayTime
		hd += m.HDSeconds
		switches += float64(m.Switches)
		bytes += float64(m.Bytes + m.WastedBytes)
	}
	sum.Traces = len(traces)
	if n := float64(len(ss)); n > 0 {
		sum.QoEPerChunk /= n
		sum.QoEPerChunkAfterFirst /= n
		sum.QoESumAfterFirst /= n
		sum.BitrateMbps /= n
		sum.RebufferPerChunk /= n
		sum.SmoothMbpsPerChunk /= n
		sum.Startup /= n
		sum.StallsPerSession = float64(sum.Stalls) / n
	}
	if t := play + sum.StallTime; t > 0 {
		sum.StallRatio = sum.StallTime / t
	}
	if play > 0 {
		sum.HDShare = hd / play
	}
	if sum.Chunks > 0 {
		sum.SwitchesPerChunk = switches / float64(sum.Chunks)
	}
	if bytes > 0 {
		sum.WasteShare = float64(sum.WastedBytes) / bytes
	}
	return sum
}
