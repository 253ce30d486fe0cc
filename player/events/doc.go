// Package events writes the session's event log: JSON Lines, one object
// per event, each with its type, the wall time and the media time at which
// it happened (schema in docs/EVENTS.md). The log is what QA reads, what
// reports plot, and what the simulator replays.
//
//	log := events.NewLog(f, time.Now)
//	log.Emit(events.Event{Type: events.Decision, Media: pos, Rendition: 3, Reason: "…"})
package events
