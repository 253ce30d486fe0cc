package netem

import "errors"

// Sentinel errors, wrapped with %w and what they concern (a file name, a
// line number, the part of a fault spec).
var (
	// ErrTrace: a bandwidth trace that cannot be read or makes no sense
	// (unknown format, bad number, time going backwards, no bytes at all).
	ErrTrace = errors.New("bad bandwidth trace")
	// ErrFaultSpec: a fault spec that does not follow the grammar in doc.go.
	ErrFaultSpec = errors.New("bad fault spec")
	// ErrConfig: a server configuration that cannot work (no content,
	// negative RTT, an unknown entry playlist).
	ErrConfig = errors.New("bad emulated origin configuration")
)
