package sim

import "errors"

// Sentinel errors, wrapped with %w and what they concern (a file, a line).
var (
	// ErrTrace: a bandwidth trace that cannot be read or makes no sense
	// (unknown format, bad number, time going backwards, no bytes at all).
	ErrTrace = errors.New("bad bandwidth trace")
	// ErrVideo: a video description (segment sizes) that cannot be read or
	// makes no sense.
	ErrVideo = errors.New("bad video description")
	// ErrConfig: a simulation that cannot run (no traces, no strategies,
	// an unknown model).
	ErrConfig = errors.New("bad simulation configuration")
	// ErrLinkTooSlow: a download would need more trace loops than
	// maxLoopsPerDownload (a trace whose throughput is almost zero).
	ErrLinkTooSlow = errors.New("link too slow to finish a download")
)
