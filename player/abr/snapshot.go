package abr

import "time"

// Variant describes one rendition as the playlist declares it.
type Variant struct {
	Bandwidth        int64 // peak bits per second (BANDWIDTH)
	AverageBandwidth int64 // bits per second (AVERAGE-BANDWIDTH), 0 if absent
	Width, Height    int   // RESOLUTION, 0 if absent
	Codecs           string
	FrameRate        float64
}

// Bitrate is the rate decisions should budget for: the average when the
// playlist declares one, else the peak.
func (v Variant) Bitrate() int64 {
	if v.AverageBandwidth > 0 {
		return v.AverageBandwidth
	}
	return v.Bandwidth
}

// Sample is one finished (or aborted) segment download.
type Sample struct {
	Variant  int
	Segment  int
	Bytes    int64
	TTFB     time.Duration // request sent → first byte
	Duration time.Duration // request sent → last byte
	Aborted  bool          // cut off by a deadline or an error
}

// Throughput is the sample's rate in bits per second over its whole
// duration (TTFB included, as a player experiences it).
func (s Sample) Throughput() float64 {
	if s.Duration <= 0 {
		return 0
	}
	return float64(s.Bytes) * 8 / s.Duration.Seconds()
}

// NetworkType is what the player knows of the link.
type NetworkType string

// Network types; the zero value is NetworkUnknown.
const (
	NetworkUnknown  NetworkType = ""
	NetworkWiFi     NetworkType = "wifi"
	NetworkCellular NetworkType = "cellular"
	NetworkEthernet NetworkType = "ethernet"
)

// NetworkHint carries what is known of the network before any download.
type NetworkHint struct {
	Type   NetworkType
	Signal int           // 0 (none) … 4 (full); -1 unknown
	RTT    time.Duration // latency of the first playlist request, 0 unknown
	// Throughput is the rate measured over the playlist requests before
	// the first segment (bits per second: their bytes over their summed
	// request times, TTFB included), 0 unknown. Playlists are small, so it
	// understates a fast link; it is a floor, not an estimate.
	Throughput float64
}

// SessionMemory is what the last session remembered, if anything.
type SessionMemory struct {
	Variant    int     // last played rendition
	Throughput float64 // bits per second measured at its end
	Age        time.Duration
}

// Snapshot is everything a strategy may look at, as plain values.
type Snapshot struct {
	Now          time.Duration // session time since open
	Buffer       time.Duration // downloaded media ahead of the playhead
	Playing      bool          // false before the first frame and in a stall
	Variants     []Variant     // ascending by Bandwidth
	NextSizes    [][]int64     // [variant][k]: byte sizes of segments SegmentIndex+k, when known
	Samples      []Sample      // past downloads, oldest first
	Current      int           // rendition of the previous segment, -1 before the first
	SegmentIndex int           // index of the segment about to be fetched
	SegmentCount int           // segments in the presentation, 0 for live
	// SegmentDuration is the duration of the segment about to be fetched.
	SegmentDuration time.Duration
	MaxBuffer       time.Duration // the forward buffer's limit
	Network         NetworkHint
	Last            *SessionMemory
	// CellularCap limits the bitrate on a cellular network (bits per
	// second, compared with Variant.Bitrate; 0 = no cap). From
	// `--cellular-cap KBPS`; a strategy applies it only when Network.Type
	// is NetworkCellular.
	CellularCap int64
	// DataBudget is the session's data budget on a cellular network in
	// bytes (0 = none). From `--data-budget MB`.
	DataBudget int64
	// DataUsed is the bytes downloaded so far in this session (segments,
	// init sections, aborted attempts), on any network.
	DataUsed int64
}

// Decision is a strategy's answer for the next segment.
type Decision struct {
	Variant  int
	Reason   string        // short human-readable why, logged and shown in the HUD
	Deadline time.Duration // abort the download after this long; 0 = none
	// Priority ranks decisions when strategies are composed: the arbiter
	// follows the highest (PriorityDefault for a plain choice, higher for
	// a rule that must override, e.g. an emergency on a draining buffer).
	Priority Priority
}

// Priority orders composed decisions; the zero value is PriorityDefault.
type Priority int

// Priorities a strategy may give its decision.
const (
	PriorityDefault  Priority = iota // an opinion among others
	PriorityStrong                   // overrides default opinions (e.g. a startup or budget rule)
	PriorityCritical                 // overrides everything (e.g. stall imminent)
)

// Strategy picks the rendition of the next segment.
type Strategy interface {
	Name() string
	Decide(s Snapshot) Decision
}

// Resetter is implemented by strategies with state to clear on a seek or
// a new session.
type Resetter interface{ Reset() }

// SegmentObserver is implemented by strategies that learn from each
// finished download.
type SegmentObserver interface{ Observe(s Sample) }
