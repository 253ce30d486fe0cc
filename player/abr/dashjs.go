package abr

import "time"

// Helpers shared by the rules ported from dash.js (Bola, InsufficientBuffer).

// dash.js throughput-history constants (ThroughputHistory, MediaPlayerModel).
const (
	// dashThroughputSamples: dash.js averages the last 4 segment
	// downloads of a VOD stream (its adaptive window-size heuristic is
	// left out).
	dashThroughputSamples = 4
	// DashSafetyFactor is dash.js's bandwidthSafetyFactor: its "safe"
	// throughput is 90% of the average.
	DashSafetyFactor = 0.9
)

// dashThroughput is dash.js's view of the link: the mean rate of the last
// dashThroughputSamples completed downloads, each over its transfer time
// (TTFB excluded, as dash.js measures from the first byte), and their
// mean latency (TTFB). ok is false when nothing completed yet.
func dashThroughput(samples []Sample) (bps float64, latency time.Duration, ok bool) {
	var sum float64
	var lat time.Duration
	n := 0
	for i := len(samples) - 1; i >= 0 && n < dashThroughputSamples; i-- {
		x := samples[i]
		if x.Aborted || x.Bytes <= 0 || x.Duration <= 0 {
			continue
		}
		transfer := x.Duration - max(x.TTFB, 0)
		if transfer <= 0 {
			transfer = x.Duration
		}
		sum += float64(x.Bytes) * 8 / transfer.Seconds()
		lat += max(x.TTFB, 0)
		n++
	}
	if n == 0 {
		return 0, 0, false
	}
	return sum / float64(n), lat / time.Duration(n), true
}

// dashQualityForBitrate is dash.js's AbrController.getQualityForBitrate:
// the time a request waits for its first byte is dead time, so the rate
// shrinks by latency / segment duration (the lowest rendition when the
// latency exceeds a segment), then the highest rendition whose bitrate
// fits is chosen (the lowest when none does).
func dashQualityForBitrate(vs []Variant, bps float64, latency, segment time.Duration) int {
	if segment > 0 && latency > 0 {
		if latency > segment {
			return 0
		}
		bps *= 1 - latency.Seconds()/segment.Seconds()
	}
	q := 0
	for i, v := range vs {
		if float64(v.Bitrate()) > bps {
			break
		}
		q = i
	}
	return q
}

// dashTracker turns the sequence of snapshots a rule is shown into the
// events dash.js rules listen to: downloads finished since the previous
// call, a seek (the segment index jumped), a stall (not playing after
// having played).
type dashTracker struct {
	called     bool
	lastNow    time.Duration
	lastBuffer time.Duration
	lastIndex  int
	last       Sample
	haveLast   bool
	played     bool
}

// dashEvents is what happened between two calls.
type dashEvents struct {
	fresh   []Sample // downloads finished since the previous call, oldest first
	seek    bool     // the segment index jumped
	stalled bool     // the buffer ran dry after playback had started
}

// see reports the events of s relative to the previous call and records s.
func (t *dashTracker) see(s Snapshot) dashEvents {
	var ev dashEvents
	if t.called {
		ev.seek = s.SegmentIndex != t.lastIndex+1 && s.SegmentIndex != t.lastIndex
		start := 0
		if t.haveLast {
			for i := len(s.Samples) - 1; i >= 0; i-- {
				if s.Samples[i] == t.last {
					start = i + 1
					break
				}
			}
		}
		ev.fresh = s.Samples[start:]
	}
	if ev.seek {
		t.played = false // not playing yet at the new position is no stall
	}
	if s.Playing {
		t.played = true
	}
	ev.stalled = t.played && !s.Playing
	t.called, t.lastNow, t.lastBuffer, t.lastIndex = true, s.Now, s.Buffer, s.SegmentIndex
	if len(s.Samples) > 0 {
		t.last, t.haveLast = s.Samples[len(s.Samples)-1], true
	}
	return ev
}
