package source

import "time"

// Limits on everything read from outside. A playlist or server beyond them
// is refused with ErrLimit / ErrTooLarge instead of exhausting memory.
const (
	// MaxPlaylistBytes: a 10-hour VOD with 2 s segments and long signed
	// URIs is about 4 MB; anything larger is not a playlist we want.
	MaxPlaylistBytes = 8 << 20
	// MaxPlaylistLines bounds parsing work: MaxSegments segments of up
	// to 4 lines each (EXTINF, URI, BYTERANGE, PROGRAM-DATE-TIME), so that
	// the segment limit, not this one, is what a long playlist meets.
	MaxPlaylistLines = 4 * MaxSegments
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
	// MaxRedirects per request: net/http's default (it stops after 10
	// requests, we after 10 redirects). CDNs use one or two.
	MaxRedirects = 10
	// MaxLineBytes: a tag line holds at most one URI (EXT-X-MAP,
	// EXT-X-MEDIA) plus a few short attributes; a longer line is garbage
	// or an attempt to make the parser's line buffers grow.
	MaxLineBytes = 2 * MaxURIBytes
	// MaxMediaSequence: EXT-X-MEDIA-SEQUENCE may be up to 2^64-1, but a
	// sequence number near that wraps when the segment index is added
	// (and breaks live reload alignment); 2^62 leaves room for a segment
	// every millisecond for 146 million years, far beyond epoch-based
	// numbering.
	MaxMediaSequence = 1 << 62
	// MaxTotalSegments bounds the segments of all of a master playlist's
	// media playlists together (each SegmentRef is ~100 bytes plus its
	// URI): 20 rungs of the 10-hour, 2 s VOD are 360 000. Without it, 64
	// variants of 100 000 segments would be 6.4 million references.
	MaxTotalSegments = 400_000
	// MaxBandwidth (bits/s): BANDWIDTH and AVERAGE-BANDWIDTH above it are
	// taken as unknown (0). 8K HDR masters are ~100 Mbps; grafov/m3u8
	// reads a negative value as a wrapped uint32 (-5 → 4294967291).
	MaxBandwidth = 1_000_000_000
	// maxPresizeBytes caps the buffer presized from a Content-Length: a
	// server announcing 128 MB and sending a trickle must not make every
	// request allocate the announced size up front (the buffer grows as
	// the bytes actually arrive).
	maxPresizeBytes = 8 << 20
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
