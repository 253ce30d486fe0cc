package events

import "encoding/json"

// Type names an event.
type Type string

// Event types, in the order a session usually emits them.
const (
	SessionStart      Type = "session_start"          // URL, renditions, strategy, quality
	Decision          Type = "decision"               // segment, rendition, reason, deadline, buffer
	SegmentDownloaded Type = "segment_downloaded"     // segment, rendition, bytes, TTFB, duration, throughput
	DownloadAborted   Type = "download_aborted"       // segment, rendition, to, cause (deadline miss → emergency downgrade, or a new pin)
	DownloadFailed    Type = "download_failed"        // segment, rendition, error: refetched one rung lower unless lowest
	Retry             Type = "retry"                  // segment, rendition, count (attempt), error: the same request again
	SegmentSkipped    Type = "segment_skipped"        // segment, count (renditions tried), duration (the hole), error: lost on every rendition
	AudioFailover     Type = "audio_failover"         // segment, audio_segment, from, to (audio renditions), label (from), message, error: an audio segment fetched from an alternative
	AudioSkipped      Type = "audio_skipped"          // segment, audio_segment, from_s, duration (the silent span), label, error: audio lost on every alternative, played as silence
	ReloadFailed      Type = "playlist_reload_failed" // rendition, count (failures in a row), buffer, error: live playback goes on from the buffer
	FirstFrame        Type = "first_frame"            // startup delay
	SwitchApplied     Type = "switch_applied"         // from, to: the first frame of the new rendition is shown
	StallStart        Type = "stall_start"
	StallEnd          Type = "stall_end" // duration
	FramesDropped     Type = "frames_dropped"
	Paused            Type = "pause"
	Resumed           Type = "resume"
	Seek              Type = "seek"        // from (media), to
	QualityPinned     Type = "quality_set" // quality: "auto" or a rendition
	Notice            Type = "notice"      // message: something the user should know (e.g. muted)
	Error             Type = "error"       // error: what failed
	SessionEnd        Type = "session_end" // reason, QoE summary
)

// Rendition describes one variant in the session_start event.
type Rendition struct {
	Index     int    `json:"index"`
	Label     string `json:"label"`
	Bandwidth int64  `json:"bandwidth"`
	Average   int64  `json:"average_bandwidth,omitempty"`
	Width     int    `json:"width,omitempty"`
	Height    int    `json:"height,omitempty"`
	Codecs    string `json:"codecs,omitempty"`
	// FrameRate is the declared FRAME-RATE (0 when absent).
	FrameRate float64 `json:"frame_rate,omitempty"`
}

// Event is one line of the log. Zero-valued optional fields are omitted;
// pointers mark fields where zero is meaningful (rendition 0, segment 0).
type Event struct {
	Type Type `json:"type"`
	// Wall is the wall-clock time (RFC 3339, nanoseconds); set by Emit.
	Wall string `json:"wall"`
	// Elapsed is seconds since the session opened; set by Emit.
	Elapsed float64 `json:"elapsed_s"`
	// Media is the playback position in seconds when the event happened.
	Media float64 `json:"media_s"`

	URL        string      `json:"url,omitempty"`
	Renditions []Rendition `json:"renditions,omitempty"`
	Strategy   string      `json:"strategy,omitempty"`
	Quality    string      `json:"quality,omitempty"`
	Duration   float64     `json:"duration_s,omitempty"` // presentation length (start), stall length (stall_end)
	// Trace names the network trace the session's link follows, when the
	// player knows it (session_start of the built-in stream on an emulated
	// origin: a shipped trace's name or a trace file's path).
	Trace string `json:"trace,omitempty"`

	Segment   *int    `json:"segment,omitempty"`
	Rendition *int    `json:"rendition,omitempty"`
	Label     string  `json:"label,omitempty"`
	Reason    string  `json:"reason,omitempty"`
	Deadline  float64 `json:"deadline_s,omitempty"`
	Buffer    float64 `json:"buffer_s,omitempty"`

	Bytes          int64   `json:"bytes,omitempty"`
	TTFB           float64 `json:"ttfb_s,omitempty"`
	DownloadTime   float64 `json:"download_s,omitempty"`
	ThroughputKbps float64 `json:"throughput_kbps,omitempty"`
	URI            string  `json:"uri,omitempty"`
	// WastedBytes: bytes of an aborted download, thrown away.
	WastedBytes int64 `json:"wasted_bytes,omitempty"`

	From    *int    `json:"from,omitempty"`
	To      *int    `json:"to,omitempty"`
	FromPos float64 `json:"from_s,omitempty"`
	Count   int     `json:"count,omitempty"`
	Startup float64 `json:"startup_s,omitempty"`
	Message string  `json:"message,omitempty"`
	Err     string  `json:"error,omitempty"`

	// AudioSegment is the index of an audio rendition's segment (in its
	// own playlist) in the audio recovery events.
	AudioSegment *int `json:"audio_segment,omitempty"`

	QoE json.RawMessage `json:"qoe,omitempty"`
	// Inputs is a decision's strategy input (its Snapshot, compactly:
	// the samples since the previous decision), enough to replay it; the
	// session package defines the format.
	Inputs json.RawMessage `json:"inputs,omitempty"`
}

// Int returns a pointer to v, for the optional integer fields.
func Int(v int) *int { return &v }
