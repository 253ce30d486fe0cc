package qoe

import (
	"math"
	"time"
)

// bitrate of variant v; 0 out of range.
func (t *Tracker) bitrate(v int) int64 {
	if v < 0 || v >= len(t.renditions) {
		return 0
	}
	return t.renditions[v].Bitrate
}

// segmentFigures fills the per-segment part of s from the played segments.
func (t *Tracker) segmentFigures(s *Summary) {
	segs := t.played
	n := len(segs)
	s.Segments = n
	if n == 0 {
		return
	}
	rates := make([]int64, n)
	for i, g := range segs {
		rates[i] = t.bitrate(g.Variant)
	}
	var sumR, sumRebuf, sumSmooth, sumAfterFirst float64
	for i, g := range segs {
		prev := rates[i]
		if i > 0 {
			prev = rates[i-1]
		}
		rebuf := math.Max(g.Rebuffer, 0)
		r := Reward(rates[i], prev, rebuf)
		s.QoELin += r
		if i > 0 {
			sumAfterFirst += r
		}
		sumR += float64(rates[i]) / 1e6
		sumRebuf += rebuf
		sumSmooth += math.Abs(float64(rates[i]-prev)) / 1e6
	}
	s.QoEPerChunk = s.QoELin / float64(n)
	if n > 1 {
		s.QoEPerChunkAfterFirst = sumAfterFirst / float64(n-1)
	}
	s.BitrateMbps = sumR / float64(n)
	s.RebufferPerChunk = sumRebuf / float64(n)
	s.SmoothnessPerChunk = sumSmooth / float64(n)
	s.Oscillations = oscillations(rates)
	s.BadCases = t.badCases(segs, rates)
}

// upswitch reports whether segment i is at a higher bitrate than i-1.
func upswitch(rates []int64, i int) bool { return i > 0 && rates[i] > rates[i-1] }

// oscillations counts upswitches followed, within OscillationWindow
// segments, by a segment below the upswitched bitrate.
func oscillations(rates []int64) int {
	n := 0
	for k := range rates {
		if !upswitch(rates, k) {
			continue
		}
		for j := k + 1; j < len(rates) && j <= k+OscillationWindow; j++ {
			if rates[j] < rates[k] {
				n++
				break
			}
		}
	}
	return n
}

// badCases counts the three bad cases over the played segments.
func (t *Tracker) badCases(segs []Segment, rates []int64) BadCases {
	var b BadCases
	for j := 1; j < len(segs); j++ { // the first segment's wait is the startup, not a stall
		if segs[j].Rebuffer <= 0 {
			continue
		}
		for k := max(j-StallAfterUpswitchWindow, 1); k <= j; k++ {
			if upswitch(rates, k) {
				b.StallAfterUpswitch++
				break
			}
		}
	}
	for i, g := range segs {
		if g.Throughput > 0 && g.Buffer < g.Duration && float64(rates[i]) > g.Throughput {
			b.AboveThroughputLowBuffer++
		}
	}
	b.StuckAtLowest = t.stuckRuns(segs)
	b.Total = b.StallAfterUpswitch + b.AboveThroughputLowBuffer + b.StuckAtLowest
	return b
}

// stuckRuns counts runs of consecutive segments at the lowest rendition,
// each decided while the measured throughput reached the bitrate of the
// rung StuckRungsAllowed above and the buffer held HealthyBufferSegments
// segments, that last StuckAtLowest or more.
func (t *Tracker) stuckRuns(segs []Segment) int {
	if len(t.renditions) <= StuckRungsAllowed {
		return 0 // no two rungs more to allow
	}
	allowed := float64(t.renditions[StuckRungsAllowed].Bitrate)
	runs := 0
	var run time.Duration
	counted := false
	for _, g := range segs {
		if g.Variant != 0 || g.Throughput < allowed || g.Buffer < HealthyBufferSegments*g.Duration {
			run, counted = 0, false
			continue
		}
		run += g.Duration
		if run >= StuckAtLowest && !counted {
			runs++
			counted = true
		}
	}
	return runs
}
