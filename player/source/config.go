package source

import (
	"log/slog"
	"time"

	"smartplay/player/abr"
)

// Config configures a Controller; zero fields take the defaults given.
type Config struct {
	// Strategy picks the rendition of each segment in auto mode
	// (default abr.NewThroughput with its defaults).
	Strategy abr.Strategy
	// StartAt is the media time to start from (a seek): playback starts
	// with the segment containing it, whose SkipBefore is set. Default 0.
	// Ignored for live, which starts LiveEdgeSegments from the live edge.
	StartAt time.Duration
	// MaxBuffer bounds the media downloaded ahead of the playhead
	// (default DefaultMaxBuffer).
	MaxBuffer time.Duration
	// MaxBufferBytes bounds the bytes queued for the decoder
	// (default DefaultMaxBufferBytes).
	MaxBufferBytes int64
	// Position returns the playback position on the segments' timeline,
	// e.g. from the audio clock (default: the Start of the segment Next
	// returned last, i.e. the decoder's progress).
	Position func() time.Duration
	// Playing reports whether playback is running (not starting, not
	// stalled) for Snapshot.Playing (default: true once Next returned a
	// segment).
	Playing func() bool
	// Network is what is known of the link; a zero RTT defaults to the
	// Presentation's first-request RTT.
	Network abr.NetworkHint
	// Last is the previous session's memory, if any (default nil).
	Last *abr.SessionMemory
	// CellularCap and DataBudget are the cellular data policy passed to
	// the strategy in every Snapshot (bits per second and bytes; default
	// 0, none). The strategy enforces them.
	CellularCap, DataBudget int64
	// DataUsed is the bytes the session downloaded before this controller
	// (e.g. the one a seek replaced); the controller adds its own for
	// Snapshot.DataUsed (default 0).
	DataUsed int64
	// History seeds the download samples, oldest first, e.g. those of
	// the controller a seek replaced (default none).
	History []abr.Sample
	// Now is the clock for Snapshot.Now (default the Fetcher's clock).
	Now func() time.Time
	// Observer is told about decisions and downloads (default none).
	Observer Observer
	// Logger (default slog.Default()).
	Logger *slog.Logger
}
