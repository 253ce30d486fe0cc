package report

import "errors"

// Sentinel errors, wrapped with %w and what they concern (a file, a flag).
var (
	// ErrEmpty: an event log with no events at all.
	ErrEmpty = errors.New("empty event log")
	// ErrNotEventLog: a file that is not JSON Lines of events.
	ErrNotEventLog = errors.New("not an event log")
	// ErrNoSession: an event log without a session_start event.
	ErrNoSession = errors.New("no session_start event")
	// ErrFormat: an output whose kind is unknown (want .png or .html).
	ErrFormat = errors.New("unknown output format")
	// ErrNothing: no sessions to draw.
	ErrNothing = errors.New("no sessions to draw")
	// ErrRender: the chart could not be drawn.
	ErrRender = errors.New("cannot draw the chart")
)
