package report

import (
	"errors"
	"os"
	"path/filepath"

	"smartplay/assets/traces"
	"smartplay/player/sim"
)

// logTrace finds the trace a player's log names (session_start's trace):
// a trace smartplay ships, by name, else a trace file at that path. nil
// when there is neither (the log came from another machine, say).
func logTrace(ref string) (*sim.Trace, error) {
	if data, err := traces.Read(ref); err == nil {
		return sim.ParseTrace(ref, data)
	} else if !errors.Is(err, traces.ErrUnknown) {
		return nil, err
	}
	if st, err := os.Stat(ref); err != nil || st.IsDir() {
		return nil, nil
	}
	return sim.LoadTrace(ref)
}

// addLogTrace puts the rate of the trace a player's log names on s (the
// emulated origin starts its link just before the session opens, so the
// trace is read from its start), or a note saying why it is missing.
func addLogTrace(s *Session, ref string) {
	if ref == "" {
		return
	}
	s.TraceName = filepath.Base(ref)
	tr, err := logTrace(ref)
	switch {
	case err != nil:
		s.Notes = append(s.Notes, "trace "+s.TraceName+" unreadable: "+err.Error())
	case tr == nil:
		s.Notes = append(s.Notes, "trace "+s.TraceName+" not found here: its rate is not drawn")
	default:
		s.Trace = traceRate(tr, 0, s.End)
	}
}
