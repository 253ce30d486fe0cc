package session

import (
	"encoding/json"
	"fmt"

	"smartplay/player/abr"
	"smartplay/player/events"
)

// LoggedDecision is one decision of an event log with the Snapshot its
// strategy saw, rebuilt from the log.
type LoggedDecision struct {
	Segment  int
	Snapshot abr.Snapshot
	// Samples are the downloads that finished since the previous decision
	// (a SegmentObserver saw each before this decision).
	Samples []abr.Sample
	// Variant and Deadline are what the log says was decided; Reason why.
	Variant  int
	Reason   string
	Deadline float64 // seconds, as logged (3 decimals)
	// Pinned: the user's pin decided; the strategy was not asked.
	Pinned bool
}

// Decisions rebuilds every decision of a session's event log (the
// renditions come from session_start). A seek's new downloads carry the
// old history on, so one list of samples runs through the whole log.
func Decisions(evs []events.Event) ([]LoggedDecision, error) {
	var variants []abr.Variant
	var samples []abr.Sample
	var out []LoggedDecision
	for i, e := range evs {
		switch e.Type {
		case events.SessionStart: // a new session: nothing carries over
			variants, samples = variants[:0], nil
			for _, r := range e.Renditions {
				variants = append(variants, abr.Variant{Bandwidth: r.Bandwidth, AverageBandwidth: r.Average,
					Width: r.Width, Height: r.Height, Codecs: r.Codecs, FrameRate: r.FrameRate})
			}
		case events.Decision:
			if len(e.Inputs) == 0 {
				return out, fmt.Errorf("%w: event %d: decision without inputs", ErrBadLog, i+1)
			}
			var in Inputs
			if err := json.Unmarshal(e.Inputs, &in); err != nil {
				return out, fmt.Errorf("%w: event %d: %v", ErrBadLog, i+1, err)
			}
			if e.Rendition == nil || e.Segment == nil {
				return out, fmt.Errorf("%w: event %d: decision without segment or rendition", ErrBadLog, i+1)
			}
			d := LoggedDecision{Segment: *e.Segment, Variant: *e.Rendition, Reason: e.Reason, Deadline: e.Deadline, Pinned: in.Pinned}
			for _, a := range in.New {
				d.Samples = append(d.Samples, decodeSample(a))
			}
			d.Snapshot, samples = in.snapshot(variants, samples)
			out = append(out, d)
		}
	}
	return out, nil
}

// Replayed is a logged decision and a strategy's answer to its snapshot.
type Replayed struct {
	LoggedDecision
	Decision abr.Decision
}

// Replay feeds a fresh strategy the logged decisions in order, as the
// controller did: each new sample to Observe (a SegmentObserver), then
// the snapshot to Decide, except where the user's pin decided. The answer
// is kept in range as the controller keeps it.
func Replay(evs []events.Event, s abr.Strategy) ([]Replayed, error) {
	logged, err := Decisions(evs)
	if err != nil {
		return nil, err
	}
	obs, _ := s.(abr.SegmentObserver)
	var out []Replayed
	for _, d := range logged {
		if obs != nil {
			for _, smp := range d.Samples {
				obs.Observe(smp)
			}
		}
		if d.Pinned {
			continue
		}
		dec := s.Decide(d.Snapshot)
		if n := len(d.Snapshot.Variants); n > 0 {
			dec.Variant = max(0, min(dec.Variant, n-1))
		}
		dec.Deadline = max(dec.Deadline, 0)
		out = append(out, Replayed{LoggedDecision: d, Decision: dec})
	}
	return out, nil
}
