package report

import (
	"math"

	"smartplay/player/qoe"
)

// Rendition is one rung of a session's ladder.
type Rendition struct {
	Label string
	// Kbps is the declared bitrate QoE counts (the average bandwidth when
	// the playlist gives one, else the peak), kbit/s.
	Kbps   float64
	Height int
}

// Point is a value at a session time T (seconds since the session opened).
type Point struct{ T, V float64 }

// Download is one segment download (or aborted attempt) as measured.
type Download struct {
	T         float64 // session time its last byte came (or it was cut), s
	Kbps      float64 // bytes over request-to-last-byte time, kbit/s
	Rendition int
	Aborted   bool
}

// Span is a stretch of session time, s.
type Span struct{ Start, End float64 }

// Session is what a chart shows of one session: a player's event log
// (FromEvents) or a simulated session (FromSim). Times are session time
// in seconds; renditions are indices into Renditions.
type Session struct {
	// Name labels the session in legends and tables (file name or strategy).
	Name string
	// Source says where it came from: the event log's path, or the trace
	// and offset of a simulated session.
	Source   string
	Strategy string
	URL      string // the stream played (empty for simulated sessions)
	Quality  string // "auto" or the pinned rendition

	Renditions []Rendition
	// Shown is the rendition on screen from each point's T on (first
	// frame, then each switch); it holds until End.
	Shown []Point
	// Chosen is the rendition each decision picked, at its time.
	Chosen []Point
	// Buffer is the forward buffer (s) at each decision.
	Buffer    []Point
	Downloads []Download
	Stalls    []Span
	// Trace is the link's rate (kbit/s), each value holding from its T to
	// the next; empty when the session's link is not known. TraceName
	// names it; TraceFrom is the trace time (s) at session time 0.
	Trace     []Point
	TraceName string
	TraceFrom float64
	// End is the session time of its last event (or the end of playback).
	End float64
	// QoE is player/qoe's summary (session_end's); nil when the log was cut
	// short before session_end.
	QoE *qoe.Summary
	// Bytes downloaded: the segments plus the bytes of aborted attempts.
	Bytes int64
	// Notes are things the reader should know (an error, a log cut short).
	Notes []string
}

// kbpsOf returns rendition i's bitrate, and false for an index outside
// the ladder (a log that names renditions session_start did not list).
func (s *Session) kbpsOf(i float64) (float64, bool) {
	k := int(i)
	if k < 0 || k >= len(s.Renditions) || float64(k) != i {
		return 0, false
	}
	return s.Renditions[k].Kbps, true
}

// span returns the session's time range: from 0 to its last point.
func (s *Session) span() float64 {
	end := s.End
	grow := func(t float64) {
		if finite(t) && t > end {
			end = t
		}
	}
	for _, p := range s.Shown {
		grow(p.T)
	}
	for _, p := range s.Chosen {
		grow(p.T)
	}
	for _, p := range s.Buffer {
		grow(p.T)
	}
	for _, d := range s.Downloads {
		grow(d.T)
	}
	for _, sp := range s.Stalls {
		grow(sp.End)
	}
	return end
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
