// Package abr holds the rendition-selection strategies of the smart tier.
//
// It is pure Go and imports nothing from source, decode or render: a
// strategy sees a plain Snapshot of values and returns a Decision, so the
// same code runs in the player (player/source's controller builds the
// snapshot before each segment download) and in the trace-driven simulator.
//
// One strategy per file; optional behaviour is an extra one-method
// interface checked by type assertion (Resetter, SegmentObserver).
package abr
