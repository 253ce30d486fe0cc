package assets

import (
	"fmt"
	"time"
)

// Rung is one rendition of the built-in ladder.
type Rung struct {
	Width, Height int
	Kbps          int    // target total bitrate (video + audio + container)
	Level         string // H.264 level_idc in hex, for the CODECS attribute
}

// Label is the text burned into the picture and used as the directory
// name's prefix, e.g. "720p 2850k".
func (r Rung) Label() string { return fmt.Sprintf("%dp %dk", r.Height, r.Kbps) }

// Name is the rendition's directory name, e.g. "720p".
func (r Rung) Name() string { return fmt.Sprintf("%dp", r.Height) }

// Codecs is the RFC 6381 CODECS value: H.264 High profile at the rung's
// level, and AAC-LC.
func (r Rung) Codecs() string { return "avc1.6400" + r.Level + ",mp4a.40.2" }

// Ladder holds the six rungs of ../shared/abr/SIMULATOR.md, so that the
// simulator and the player are compared on the same bitrates.
var Ladder = []Rung{
	{320, 180, 300, "0d"},
	{640, 360, 750, "1e"},
	{768, 432, 1200, "1e"},
	{1024, 576, 1850, "1f"},
	{1280, 720, 2850, "1f"},
	{1920, 1080, 4300, "28"},
}

const (
	// SegmentDuration is the length of every segment: one closed GOP each,
	// the long segments real services use.
	SegmentDuration = 10 * time.Second
	// FrameRate of every rendition.
	FrameRate = 30
	// DefaultDuration of the built-in stream: twelve segments, long enough
	// to see a few switches.
	DefaultDuration = 120 * time.Second
	// audioKbps is the AAC bitrate of every rung.
	audioKbps = 64
	// containerOverhead is the share of a rung's bitrate lost to MPEG-TS
	// packetisation (measured: ~10% at 180p, ~3% at 1080p; 6% is between),
	// so that segment sizes land near the rung's nominal bitrate.
	containerOverhead = 0.06
	// generatorVersion is part of the cache key: bump it whenever the
	// content or layout changes so stale caches are not reused.
	generatorVersion = 2
)

// videoKbps is the video encoder's target for a rung.
func videoKbps(r Rung) int {
	return int(float64(r.Kbps)*(1-containerOverhead)) - audioKbps
}

// Format is the segment container.
type Format string

// Segment containers.
const (
	TS   Format = "ts"   // MPEG-TS segments
	FMP4 Format = "fmp4" // fragmented MP4 with an EXT-X-MAP init section
)
