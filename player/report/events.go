package report

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"smartplay/player/events"
	"smartplay/player/qoe"
)

// ReadFile reads a player's event log (docs/EVENTS.md) into its sessions,
// one per session_start, named after the file.
func ReadFile(path string) ([]*Session, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f, path)
}

// Read reads an event log from r; path names it in sessions and errors.
// An empty log, a line that is not a JSON event, or no session_start is
// an error.
func Read(r io.Reader, path string) ([]*Session, error) {
	evs, err := events.Read(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", path, ErrNotEventLog, err)
	}
	if len(evs) == 0 {
		return nil, fmt.Errorf("%s: %w", path, ErrEmpty)
	}
	ss, err := FromEvents(filepath.Base(path), evs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, s := range ss {
		s.Source = path
	}
	return ss, nil
}

// FromEvents builds the sessions of an event log: each session_start
// begins one (a log normally holds one); events before the first are
// ignored. name labels them ("name", then "name #2", ...).
func FromEvents(name string, evs []events.Event) ([]*Session, error) {
	var out []*Session
	var b *builder
	for i := range evs {
		e := &evs[i]
		if e.Type == events.SessionStart {
			if b != nil {
				out = append(out, b.finish())
			}
			n := name
			if len(out) > 0 {
				n = fmt.Sprintf("%s #%d", name, len(out)+1)
			}
			b = newBuilder(n, e)
			continue
		}
		if b != nil {
			b.add(e)
		}
	}
	if b == nil {
		return nil, fmt.Errorf("%w (read %d events: not a smartplay event log?)", ErrNoSession, len(evs))
	}
	return append(out, b.finish()), nil
}

// builder accumulates one session's events.
type builder struct {
	s         *Session
	stallOpen float64 // session time of an open stall_start, -1 if none
	trace     string  // the trace session_start names ("" none)
	ended     bool
}

func newBuilder(name string, e *events.Event) *builder {
	s := &Session{Name: name, Strategy: e.Strategy, URL: e.URL, Quality: e.Quality}
	for _, r := range e.Renditions {
		bps := r.Average
		if bps <= 0 {
			bps = r.Bandwidth
		}
		label := r.Label
		if label == "" {
			label = fmt.Sprintf("#%d", r.Index+1)
		}
		s.Renditions = append(s.Renditions, Rendition{Label: label, Kbps: float64(bps) / 1000, Height: r.Height})
	}
	b := &builder{s: s, stallOpen: -1, trace: e.Trace}
	b.at(e.Elapsed)
	return b
}

// at notes a session time and returns it, or -1 when it is not a number
// a chart can place.
func (b *builder) at(t float64) float64 {
	if !finite(t) || t < 0 {
		return -1
	}
	b.s.End = max(b.s.End, t)
	return t
}

func (b *builder) add(e *events.Event) {
	s := b.s
	t := b.at(e.Elapsed)
	if t < 0 {
		return
	}
	rend := func(p *int) (float64, bool) {
		if p == nil {
			return 0, false
		}
		return float64(*p), true
	}
	switch e.Type {
	case events.Decision:
		if r, ok := rend(e.Rendition); ok {
			s.Chosen = append(s.Chosen, Point{t, r})
		}
		if finite(e.Buffer) && e.Buffer >= 0 {
			s.Buffer = append(s.Buffer, Point{t, e.Buffer})
		}
	case events.SegmentDownloaded, events.DownloadAborted:
		aborted := e.Type == events.DownloadAborted
		if aborted {
			s.Bytes += max(e.WastedBytes, 0)
		} else {
			s.Bytes += max(e.Bytes, 0)
		}
		r, _ := rend(e.Rendition)
		if finite(e.ThroughputKbps) && e.ThroughputKbps > 0 {
			s.Downloads = append(s.Downloads, Download{T: t, Kbps: e.ThroughputKbps, Rendition: int(r), Aborted: aborted})
		}
	case events.FirstFrame:
		if r, ok := rend(e.Rendition); ok {
			s.Shown = append(s.Shown, Point{t, r})
		}
	case events.SwitchApplied:
		if r, ok := rend(e.To); ok {
			s.Shown = append(s.Shown, Point{t, r})
		}
	case events.StallStart:
		if b.stallOpen < 0 {
			b.stallOpen = t
		}
	case events.StallEnd:
		start := b.stallOpen
		if start < 0 && finite(e.Duration) && e.Duration > 0 {
			start = max(t-e.Duration, 0)
		}
		if start >= 0 && t > start {
			s.Stalls = append(s.Stalls, Span{start, t})
		}
		b.stallOpen = -1
	case events.Error:
		s.Notes = append(s.Notes, "error: "+e.Err)
	case events.SessionEnd:
		b.ended = true
		var q qoe.Summary
		if len(e.QoE) > 0 && json.Unmarshal(e.QoE, &q) == nil {
			s.QoE = &q
		} else {
			s.Notes = append(s.Notes, "session_end without a QoE summary")
		}
	}
}

func (b *builder) finish() *Session {
	s := b.s
	if b.stallOpen >= 0 && s.End > b.stallOpen {
		s.Stalls = append(s.Stalls, Span{b.stallOpen, s.End})
		s.Notes = append(s.Notes, "a stall was still on when the log ends")
	}
	if !b.ended {
		s.Notes = append(s.Notes, "the log ends without session_end (player killed?): no QoE summary")
	}
	addLogTrace(s, b.trace)
	return s
}
