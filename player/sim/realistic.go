package sim

import (
	"time"

	"smartplay/player/abr"
)

// Realistic model defaults, chosen to match the player and its emulated
// origin (player/source, player/netem, the built-in demo).
const (
	// DefaultRTT is the demo origin's round trip (internal/cli demoRTT).
	DefaultRTT = 80 * time.Millisecond
	// DefaultMaxBuffer is player/source's DefaultMaxBuffer.
	DefaultMaxBuffer = 30 * time.Second
	// DefaultPlaylistBytes: a master playlist of six renditions is ~1 KB
	// and each media playlist of a short VOD ~0.5 KB (the built-in ladder's).
	DefaultPlaylistBytes = 1024
	// nextSizesAhead is how many upcoming sizes the player shows when it
	// knows them (player/source NextSizesAhead).
	nextSizesAhead = 5
)

// RealisticConfig tunes the realistic model; zero fields take defaults.
type RealisticConfig struct {
	// RTT delays every request's first byte (default DefaultRTT; negative: none).
	RTT time.Duration
	// TTFB is the origin's own delay before the first byte, on top of the
	// RTT (default 0).
	TTFB time.Duration
	// MaxBuffer is the player's forward-buffer limit (default DefaultMaxBuffer).
	MaxBuffer time.Duration
	// PlaylistBytes is the size of the master playlist and of each media
	// playlist (default DefaultPlaylistBytes). The player fetches the
	// master, then every media playlist in parallel: two round trips.
	PlaylistBytes int64
	// Network is the hint strategies get. Its RTT, when zero, is the first
	// playlist request's time to first byte, and its Throughput, when
	// zero, the playlists' bytes over their summed request times, as
	// player/source measures them (the media playlists are fetched in
	// parallel, each taking about as long as all of them together).
	Network abr.NetworkHint
	// CellularCap (bit/s) and DataBudget (bytes) go to the snapshot as the
	// player's --cellular-cap and --data-budget (0 = none).
	CellularCap, DataBudget int64
	// KnownSizes shows strategies the sizes of the next segments
	// (Snapshot.NextSizes, 5 ahead) as a playlist with BYTERANGEs would.
	// Default false: the built-in ladder's playlists list plain files.
	KnownSizes bool
	// Remember gives each session after the first on a trace what the
	// previous one remembered, as the player's session memory does: the
	// rendition it ended on and its throughput estimate
	// (abr.EstimateSamples), age 0 (the sessions follow each other).
	// Default false: every session starts with no memory (Last).
	Remember bool
	// Last is the memory the first session on each trace starts with
	// (default none).
	Last *abr.SessionMemory
	// Stride is the trace time between the starts of successive sessions
	// on one trace (default: the video's duration, so the sessions tile
	// the trace; negative: one session from the trace's start).
	Stride time.Duration
}

func (c RealisticConfig) withDefaults(v *Video) RealisticConfig {
	switch {
	case c.RTT == 0:
		c.RTT = DefaultRTT
	case c.RTT < 0:
		c.RTT = 0
	}
	c.TTFB = max(c.TTFB, 0)
	if c.MaxBuffer <= 0 {
		c.MaxBuffer = DefaultMaxBuffer
	}
	if c.PlaylistBytes <= 0 {
		c.PlaylistBytes = DefaultPlaylistBytes
	}
	if c.Stride == 0 {
		c.Stride = time.Duration(v.Segments) * v.SegmentDuration
	}
	return c
}

// RealisticOffsets are the trace times (s) at which RunRealistic sessions
// start on tr: every Stride while a whole video fits in one loop of the
// trace, and at least at 0.
func RealisticOffsets(tr *Trace, v *Video, cfg RealisticConfig) []float64 {
	cfg = cfg.withDefaults(v)
	offsets := []float64{0}
	if cfg.Stride < 0 {
		return offsets
	}
	length := (time.Duration(v.Segments) * v.SegmentDuration).Seconds()
	for o := cfg.Stride.Seconds(); o+length <= tr.Duration(); o += cfg.Stride.Seconds() {
		offsets = append(offsets, o)
	}
	return offsets
}

// RunRealistic streams v once over tr, starting offset seconds into the
// trace, with st (fresh): the player's loop in virtual time. Playlists
// first (two round trips), then per segment: wait while the buffer is
// above MaxBuffer − one segment (player/source's rule), ask the strategy
// (the first segment too: the startup decision), fetch with the
// decision's deadline (none at the lowest rung); on a miss the download
// is aborted, its bytes wasted, and the same segment refetched at once,
// without a deadline, at the rendition source.EmergencyVariant picks from
// the aborted attempt's rate and the buffer left (player/source's
// emergency downgrade, the same code). Playback starts when the first segment has arrived and
// stalls whenever the playhead reaches the end of the downloaded media.
func RunRealistic(st abr.Strategy, tr *Trace, v *Video, cfg RealisticConfig, offset float64) (*Session, error) {
	if err := v.check(); err != nil {
		return nil, err
	}
	l, err := NewLink(tr)
	if err != nil {
		return nil, err
	}
	s, _, err := runRealistic(st, l, tr.Name, v, cfg, offset, cfg.Last)
	return s, err
}
