package source

import (
	"errors"
	"fmt"
)

// Sentinel errors, wrapped with %w and the URL or segment they concern.
var (
	// ErrNotPlaylist: the data does not start with #EXTM3U.
	ErrNotPlaylist = errors.New("not an HLS playlist (no #EXTM3U header)")
	// ErrEmpty: the playlist has no content at all.
	ErrEmpty = errors.New("empty playlist")
	// ErrNoVariants: a master playlist without a usable variant stream.
	ErrNoVariants = errors.New("master playlist has no playable variants")
	// ErrNoSegments: a media playlist without segments.
	ErrNoSegments = errors.New("media playlist has no segments")
	// ErrUnsupportedScheme: a URL whose scheme we may not or cannot fetch
	// (a remote playlist may only point at http and https).
	ErrUnsupportedScheme = errors.New("unsupported URL scheme")
	// ErrUnsupported: a playlist feature the player cannot play (encryption,
	// I-frame-only playlists).
	ErrUnsupported = errors.New("unsupported playlist feature")
	// ErrMalformed: a playlist that parses but makes no sense.
	ErrMalformed = errors.New("malformed playlist")
	// ErrLimit: a playlist beyond one of the limits in limits.go.
	ErrLimit = errors.New("limit exceeded")
	// ErrTooLarge: a download beyond its size limit.
	ErrTooLarge = errors.New("response too large")
	// ErrTooManyRedirects: more than MaxRedirects redirects.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrStalled: no byte arrived for the stall timeout.
	ErrStalled = errors.New("download stalled")
	// ErrDeadlineMissed: a download took longer than its decision allowed.
	ErrDeadlineMissed = errors.New("download deadline missed")
	// ErrPinMoved: the viewer pinned another rendition while a segment was
	// being fetched; it is fetched again in the pinned one.
	ErrPinMoved = errors.New("abandoned: quality pinned to another rendition")
	// ErrClosed: the controller stopped before the presentation ended.
	ErrClosed = errors.New("source closed")
)

// HTTPError is a response with a non-2xx status.
type HTTPError struct {
	URL    string
	Status int
}

// Error says only "HTTP 404": callers wrap it with what was fetched
// ("playlist http://host/x.m3u8: HTTP 404").
func (e *HTTPError) Error() string { return fmt.Sprintf("HTTP %d", e.Status) }
