package source

import "time"

// Limits on everything read from outside. A playlist or server beyond them
// is refused with ErrLimit / ErrTooLarge instead of exhausting memory.
const (
	// MaxPlaylistBytes: a 10-hour VOD with 2 s segments and long signed
	// URIs is about 4 MB; anything larger is not a playlist we want.
	MaxPlaylistBytes = 8 << 20
	// MaxPlaylistLines bounds parsing work (18 000 segments × ~4 lines for
	// that 10-hour VOD, with room).
	MaxPlaylistLines = 200_000
	// MaxVariants: real ladders have under 20 rungs.
	MaxVariants = 64
	// MaxSegments per media playlist (the 10-hour, 2 s case is 18 000).
	MaxSegments = 100_000
	// MaxURIBytes: common servers reject request lines over 8 KiB; longer
	// URIs in a playlist are garbage.
	MaxURIBytes = 4096
	// MaxSegmentBytes: a 10 s segment at 40 Mbps (4K) is 50 MB.
	MaxSegmentBytes = 128 << 20
	// MaxInitBytes: an fMP4 initialization section is a few kB.
	MaxInitBytes = 4 << 20
	// MaxSegmentDuration: EXTINF values beyond an hour are nonsense.
	MaxSegmentDuration = time.Hour
	// MaxRedirects, as net/http's default policy.
	MaxRedirects = 10
	// maxRangeSkipBytes bounds how much a server that ignores Range may
	// make us read and discard before the wanted bytes.
	maxRangeSkipBytes = 1 << 30
)

// Fetcher defaults.
const (
	// DefaultMaxAttempts: one try and three retries ride out a server
	// restart or a flaky Wi-Fi hand-over without hiding a dead origin.
	DefaultMaxAttempts = 4
	// DefaultBackoff is the wait before the first retry; it doubles per
	// retry up to MaxBackoff.
	DefaultBackoff = 250 * time.Millisecond
	// MaxBackoff caps the wait between retries.
	MaxBackoff = 4 * time.Second
	// DefaultStallTimeout: no byte for this long means the connection is
	// dead (TCP alone may wait minutes); the attempt fails and is retried.
	DefaultStallTimeout = 20 * time.Second
)

// Controller defaults.
const (
	// DefaultMaxBuffer: 30 s ahead is enough to ride out most throughput
	// dips while not wasting bandwidth on a session that may end early.
	DefaultMaxBuffer = 30 * time.Second
	// DefaultMaxBufferBytes bounds memory: 30 s of 4K at 40 Mbps is 150 MB.
	DefaultMaxBufferBytes = 256 << 20
	// LiveEdgeSegments: live playback starts this many segments before the
	// end of the playlist, as the HLS spec recommends (≥ 3 target durations).
	LiveEdgeSegments = 3
	// MaxSamples kept in the snapshot: at 10 s segments this is 10 minutes
	// of history, far beyond any estimator's half-life.
	MaxSamples = 64
	// NextSizesAhead: how many upcoming segment sizes (when BYTERANGE says
	// them) a snapshot carries per variant, for look-ahead strategies (MPC).
	NextSizesAhead = 5
	// bufferPollInterval: how often a full buffer re-reads the playback
	// position (the audio clock cannot notify us).
	bufferPollInterval = 100 * time.Millisecond
)
