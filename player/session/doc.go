// Package session plays one presentation end to end: it wires the source
// (playlist, downloads, rendition choice), the decoder and the consumer
// (A/V sync and output), owns the playback state, takes the user's
// commands (pause, seek, quality) and writes the event log with its QoE
// summary.
//
//	s, err := session.Open(ctx, session.Config{Input: url, Headless: true})
//	if err != nil { … }            // one clear line: what failed and where
//	err = s.Run(ctx)               // until the end, Quit, or an error
//
// In window mode the caller runs render.RunWindow on the main thread with
// s.Consumer() and s as its Commands while Run runs on another goroutine.
//
// The event log's decisions carry their strategy's inputs (Inputs), so
// Decisions rebuilds every Snapshot from a log and Replay runs a fresh
// strategy over them. The QoE tracker is fed from the same news (segments
// handed to the decoder, first frame, switches, stalls). A session over
// the network leaves a Memory (MemoryDir) that the next one's first
// decision sees.
//
// One goroutine (Run's) owns the playback state; commands reach it over a
// channel. Each start position gets a pipeline — a source controller
// downloading and a decode loop feeding the consumer — that a seek cancels
// and replaces.
package session
