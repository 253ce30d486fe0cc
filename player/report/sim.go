package report

import (
	"fmt"
	"math"

	"smartplay/player/sim"
)

// traceStepsMax bounds the points of a trace's rate line: a step every
// second over a session of a few minutes, coarser for longer ones (a
// chart ~1300 px wide shows no more).
const traceStepsMax = 600

// traceStepMin is the finest step of the trace's rate line, s: Pensieve's
// traces have one row a second, Mahimahi's are binned to this.
const traceStepMin = 0.5

// stallEpsilon (s): playhead gaps shorter than this are float noise, not
// stalls.
const stallEpsilon = 1e-6

// FromSim turns a simulated session into a chart's session, named after
// its strategy. tr, when given, is the trace it ran on: its rate over the
// session (read as the realistic model's link reads it, from the
// session's offset, looping) goes on the throughput panel.
//
// A simulated session logs its chunks, not a timeline: the chunk's
// Requested and Arrived times place the decision and the download; the
// playhead starts when chunk 0 arrives and reaches chunk i at
// max(Arrived_i, when chunk i−1 finished playing): a later arrival is a
// stall, as the models count them.
func FromSim(s *sim.Session, tr *sim.Trace) *Session {
	out := &Session{Name: s.Strategy, Strategy: s.Strategy, Quality: "auto",
		Source: fmt.Sprintf("trace %s from %gs", s.Trace, s.Offset)}
	for _, r := range s.Renditions {
		out.Renditions = append(out.Renditions, Rendition{Label: r.Label, Kbps: float64(r.Bitrate) / 1000, Height: r.Height})
	}
	seg := s.SegmentDuration
	playEnd := 0.0 // session time the playhead leaves the last chunk
	for i, c := range s.Chunks {
		chosen := c.Decided
		if chosen < 0 { // forced by the model (Pensieve's chunk 0)
			chosen = c.Variant
		}
		out.Chosen = append(out.Chosen, Point{c.Requested, float64(chosen)})
		out.Buffer = append(out.Buffer, Point{c.Requested, c.BufferBefore})
		if c.Delay > 0 {
			// bytes·8 / ms = kbit/s
			out.Downloads = append(out.Downloads, Download{T: c.Arrived, Kbps: float64(c.Bytes) * 8 / c.Delay, Rendition: c.Variant})
		}
		start := c.Arrived
		if i > 0 {
			if start > playEnd+stallEpsilon {
				out.Stalls = append(out.Stalls, Span{playEnd, start})
			} else {
				start = max(start, playEnd)
			}
		}
		if i == 0 || c.Variant != s.Chunks[i-1].Variant {
			out.Shown = append(out.Shown, Point{start, float64(c.Variant)})
		}
		playEnd = start + seg
		out.Bytes += c.Bytes + c.Wasted
	}
	out.End = playEnd
	m := s.Metrics()
	out.QoE = &m.Summary
	if tr != nil {
		out.TraceName, out.TraceFrom = tr.Name, s.Offset
		out.Trace = traceRate(tr, s.Offset, out.End)
	}
	return out
}

// traceRate samples tr's rate (kbit/s) over session time [0, end] for a
// session that started offset seconds into it.
func traceRate(tr *sim.Trace, offset, end float64) []Point {
	l, err := sim.NewLink(tr)
	if err != nil || !(end > 0) {
		return nil
	}
	step := math.Max(traceStepMin, end/traceStepsMax)
	var out []Point
	for t := 0.0; t < end; t += step {
		b := l.BytesAt(offset+t+step) - l.BytesAt(offset+t)
		out = append(out, Point{t, b * 8 / step / 1000})
	}
	return out
}
