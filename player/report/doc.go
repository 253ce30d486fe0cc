// Package report draws session charts: what a player session (its event
// log, docs/EVENTS.md) or a simulated session (player/sim) did over time,
// as one image of stacked panels on a shared session-time axis —
//
//  1. the rendition shown on screen (a step line) and the one each
//     decision chose (rings), on an axis labelled with the ladder's rungs;
//  2. the forward buffer at each decision;
//  3. the measured throughput of each download (crosses for aborted
//     attempts) on a log scale, the ladder's rungs as dotted lines, and the
//     link's rate when the session ran on a known trace (simulated
//     sessions, and a player's log whose session_start names its trace:
//     the built-in stream on an emulated origin);
//
// with stalls shaded on every panel in the session's colour, and a summary
// table (startup, stalls, stall time, HD share, mean bitrate, switches,
// data, bad cases: player/qoe's figures). Several sessions are overlaid,
// one colour each, for a comparison. Charts are drawn with gonum.org/v1/plot.
//
//	ss, err := report.ReadFile("events.jsonl")          // one Session per session_start
//	err = report.WritePNG(w, ss, report.Options{Title: "smart vs fixed"})
//	err = report.WriteHTML(w, ss, report.Options{})     // self-contained: PNG inlined
//
// Simulated sessions come from FromSim; Render returns the image and where
// each panel's plot area lies in it (tests and callers that annotate).
// `smartplay report` and `smartplay sim --plot` are the command lines.
package report
