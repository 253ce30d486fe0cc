package source

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"time"

	"github.com/grafov/m3u8"

	"smartplay/player/abr"
)

// Presentation is what Open understood of a playlist.
type Presentation struct {
	// URL is the playlist's final URL (after redirects); a local path
	// becomes a file: URL.
	URL string
	// Master is true when URL is a master playlist.
	Master bool
	// Variants are the renditions, ascending by bandwidth; Index matches
	// the position. A media playlist given directly is one variant.
	Variants []*Variant
	// Live is true when a media playlist has no EXT-X-ENDLIST.
	Live bool
	// Duration is the total of the first variant's EXTINF durations (for
	// live: of the window loaded).
	Duration time.Duration
	// RTT is the time to first byte of the first playlist request, a hint
	// of the network's latency before any segment is measured.
	RTT time.Duration
	// PlaylistBytes and PlaylistTime are the bytes of every playlist Open
	// loaded and the sum of their request times (TTFB included): the
	// startup decision's first measure of the link (PlaylistThroughput).
	PlaylistBytes int64
	PlaylistTime  time.Duration
	// Unavailable are the master playlist's renditions left out because
	// their media playlist could not be loaded (the others play).
	Unavailable []Unavailable
	// Audio are the master playlist's audio renditions with their own
	// playlist (EXT-X-MEDIA TYPE=AUDIO with a URI), in playlist order;
	// only those some variant may play, and their alternatives, are
	// loaded (Media set).
	Audio []*AudioRendition
	// AudioFallbacks: variants whose audio rendition failed to load at
	// Open and what they play instead.
	AudioFallbacks []AudioFallback
}

// Variant is one rendition and its media playlist.
type Variant struct {
	abr.Variant
	Index int
	// URI is the media playlist's absolute URL.
	URI string
	// Label names the rendition: "720p", or "2850k" without a resolution,
	// with the bitrate added when two share a height ("720p 4000k").
	Label string
	Media *MediaPlaylist
	// AudioGroup is the AUDIO attribute (an EXT-X-MEDIA GROUP-ID).
	AudioGroup string
	// Audio is the audio rendition played with this variant (demuxed
	// audio), nil when the variant's own (muxed) audio plays, if any.
	Audio *AudioRendition
}

// MediaPlaylist is one rendition's list of segments.
type MediaPlaylist struct {
	// URL is the playlist's final URL.
	URL            string
	TargetDuration time.Duration
	// MediaSequence is the sequence number of Segments[0].
	MediaSequence uint64
	Segments      []SegmentRef
	// Ended is true with EXT-X-ENDLIST (VOD or a finished event).
	Ended bool
	// Duration is the sum of the segments' durations.
	Duration time.Duration

	fetched time.Time     // wall time of the download, to pace live reloads
	bytes   int64         // size of the download
	took    time.Duration // its request time
}

// SegmentRef is one segment of a media playlist, with resolved URLs.
type SegmentRef struct {
	// Index is the position in the playlist, 0-based; Seq is the media
	// sequence number (MediaSequence + Index).
	Index int
	Seq   uint64
	URI   string
	// Start is the sum of the durations before it in this playlist.
	Start, Duration time.Duration
	// Offset and Length are the EXT-X-BYTERANGE; Length 0 = whole resource.
	Offset, Length int64
	// Map is the fMP4 initialization section (EXT-X-MAP), nil for TS.
	Map           *MapRef
	Discontinuity bool
}

// End is the playlist time at which the segment ends.
func (s SegmentRef) End() time.Duration { return s.Start + s.Duration }

// MapRef is an EXT-X-MAP initialization section.
type MapRef struct {
	URI            string
	Offset, Length int64 // Length 0 = whole resource
}

// Open loads the playlist at urlOrPath (an http(s) URL or a local path),
// and for a master playlist every variant's media playlist. Errors are one
// line that says what failed and where, e.g.
// "playlist http://host/x.m3u8: HTTP 404".
func Open(ctx context.Context, f *Fetcher, urlOrPath string) (*Presentation, error) {
	u, err := inputURL(urlOrPath)
	if err != nil {
		return nil, fmt.Errorf("playlist %s: %w", urlOrPath, err)
	}
	d, err := f.Fetch(ctx, Request{URL: u.String(), MaxBytes: MaxPlaylistBytes})
	if err != nil {
		return nil, fmt.Errorf("playlist %s: %w", displayURL(u.String()), err)
	}
	p, err := openData(ctx, f, d)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// openData builds the Presentation from the downloaded top-level playlist.
func openData(ctx context.Context, f *Fetcher, d *Download) (*Presentation, error) {
	where := displayURL(d.URL)
	base, err := url.Parse(d.URL)
	if err != nil {
		return nil, fmt.Errorf("playlist %s: %w: %v", where, ErrMalformed, err)
	}
	data := normalize(d.Data)
	kind, err := precheck(data)
	if err != nil {
		return nil, fmt.Errorf("playlist %s: %w", where, err)
	}
	p := &Presentation{URL: d.URL, RTT: d.TTFB, Master: kind == kindMaster}
	if kind == kindMedia {
		mp, err := parseMedia(data, base)
		if err != nil {
			return nil, fmt.Errorf("playlist %s: %w", where, err)
		}
		mp.fetched = time.Now()
		p.Variants = []*Variant{singleVariant(mp)}
	} else {
		pl, err := decodeMaster(data)
		if err == nil {
			err = checkRenditionURIs(data, base)
		}
		if err != nil {
			return nil, fmt.Errorf("playlist %s: %w", where, err)
		}
		if p.Variants, err = buildVariants(pl, base); err != nil {
			return nil, fmt.Errorf("playlist %s: %w", where, err)
		}
		if p.Variants, p.Unavailable, err = loadVariants(ctx, f, p.Variants); err != nil {
			return nil, err
		}
	}
	for _, v := range p.Variants {
		if !v.Media.Ended {
			p.Live = true
		}
	}
	p.Duration = p.Variants[0].Media.Duration
	p.PlaylistBytes, p.PlaylistTime = int64(len(d.Data)), d.Duration
	if p.Master {
		for _, v := range p.Variants {
			p.PlaylistBytes += v.Media.bytes
			p.PlaylistTime += v.Media.took
		}
		if err := openAudio(ctx, f, p, data, base); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// loadMedia fetches and parses one media playlist.
func loadMedia(ctx context.Context, f *Fetcher, rawURL string) (*MediaPlaylist, error) {
	d, err := f.Fetch(ctx, Request{URL: rawURL, MaxBytes: MaxPlaylistBytes})
	if err != nil {
		return nil, fmt.Errorf("playlist %s: %w", displayURL(rawURL), err)
	}
	base, err := url.Parse(d.URL)
	if err != nil {
		return nil, fmt.Errorf("playlist %s: %w: %v", displayURL(d.URL), ErrMalformed, err)
	}
	data := normalize(d.Data)
	kind, err := precheck(data)
	if err == nil && kind != kindMedia {
		err = fmt.Errorf("%w: a master playlist where a media playlist belongs", ErrMalformed)
	}
	if err != nil {
		return nil, fmt.Errorf("playlist %s: %w", displayURL(d.URL), err)
	}
	mp, err := parseMedia(data, base)
	if err != nil {
		return nil, fmt.Errorf("playlist %s: %w", displayURL(d.URL), err)
	}
	mp.fetched = time.Now()
	mp.bytes, mp.took = int64(len(d.Data)), d.Duration
	return mp, nil
}

// parseMedia decodes and validates a media playlist's text.
func parseMedia(data []byte, base *url.URL) (*MediaPlaylist, error) {
	pl, err := decodeMedia(data)
	if err != nil {
		return nil, err
	}
	if pl.Iframe {
		return nil, fmt.Errorf("%w: I-frame-only playlist", ErrUnsupported)
	}
	segs := pl.GetAllSegments()
	if len(segs) == 0 {
		return nil, ErrNoSegments
	}
	if len(segs) > MaxSegments {
		return nil, fmt.Errorf("%w: %d segments (max %d)", ErrLimit, len(segs), MaxSegments)
	}
	if pl.SeqNo > MaxMediaSequence {
		return nil, fmt.Errorf("%w: EXT-X-MEDIA-SEQUENCE %d (max %d)", ErrLimit, pl.SeqNo, uint64(MaxMediaSequence))
	}
	mp := &MediaPlaylist{URL: base.String(), MediaSequence: pl.SeqNo, Ended: pl.Closed,
		Segments: make([]SegmentRef, 0, len(segs))}
	var cur *MapRef
	var start, longest time.Duration
	for i, s := range segs {
		if s == nil {
			return nil, fmt.Errorf("%w: segment %d missing", ErrMalformed, i)
		}
		if k := s.Key; k != nil && k.Method != "" && k.Method != "NONE" {
			return nil, fmt.Errorf("%w: encrypted segments (METHOD=%s)", ErrUnsupported, shorten(k.Method))
		}
		if s.Map != nil {
			if cur, err = mapRef(s.Map, base); err != nil {
				return nil, fmt.Errorf("EXT-X-MAP before segment %d: %w", i, err)
			}
		}
		ref, err := segmentRef(s, i, base)
		if err != nil {
			return nil, fmt.Errorf("segment %d: %w", i, err)
		}
		if ref.Length > 0 && !hasRangeOffset(s) {
			// "If o is not present, the sub-range begins at the next byte
			// following the sub-range of the previous Media Segment."
			if i == 0 || mp.Segments[i-1].URI != ref.URI || mp.Segments[i-1].Length == 0 {
				return nil, fmt.Errorf("segment %d: %w: BYTERANGE without offset after no range of the same URI", i, ErrMalformed)
			}
			prev := mp.Segments[i-1]
			ref.Offset = prev.Offset + prev.Length
		}
		ref.Seq = pl.SeqNo + uint64(i)
		ref.Map = cur
		ref.Start = start
		start += ref.Duration
		longest = max(longest, ref.Duration)
		mp.Segments = append(mp.Segments, ref)
	}
	mp.Duration = start
	mp.TargetDuration = seconds(pl.TargetDuration)
	if mp.TargetDuration <= 0 || mp.TargetDuration > MaxSegmentDuration {
		mp.TargetDuration = longest
	}
	return mp, nil
}

// segmentRef validates one grafov segment.
func segmentRef(s *m3u8.MediaSegment, i int, base *url.URL) (SegmentRef, error) {
	ref := SegmentRef{Index: i, Discontinuity: s.Discontinuity}
	if math.IsNaN(s.Duration) || math.IsInf(s.Duration, 0) || s.Duration < 0 {
		return ref, fmt.Errorf("%w: duration %v", ErrMalformed, s.Duration)
	}
	if s.Duration > MaxSegmentDuration.Seconds() {
		return ref, fmt.Errorf("%w: duration %.0f s (max %v)", ErrLimit, s.Duration, MaxSegmentDuration)
	}
	ref.Duration = seconds(s.Duration)
	u, err := resolve(base, s.URI)
	if err != nil {
		return ref, err
	}
	ref.URI = u.String()
	if s.Limit < 0 || s.Offset < 0 || (s.Limit == 0 && s.Custom[byteRangeTagName] != nil) {
		return ref, fmt.Errorf("%w: BYTERANGE %d@%d", ErrMalformed, s.Limit, s.Offset)
	}
	if s.Limit > MaxSegmentBytes {
		return ref, fmt.Errorf("%w: BYTERANGE of %d bytes (max %d)", ErrLimit, s.Limit, MaxSegmentBytes)
	}
	ref.Offset, ref.Length = s.Offset, s.Limit
	if s.Limit == 0 {
		ref.Offset = 0
	}
	return ref, nil
}

// mapRef validates an EXT-X-MAP.
func mapRef(m *m3u8.Map, base *url.URL) (*MapRef, error) {
	u, err := resolve(base, m.URI)
	if err != nil {
		return nil, err
	}
	if m.Limit < 0 || m.Offset < 0 {
		return nil, fmt.Errorf("%w: BYTERANGE %d@%d", ErrMalformed, m.Limit, m.Offset)
	}
	if m.Limit > MaxInitBytes {
		return nil, fmt.Errorf("%w: BYTERANGE of %d bytes (max %d)", ErrLimit, m.Limit, MaxInitBytes)
	}
	r := &MapRef{URI: u.String(), Offset: m.Offset, Length: m.Limit}
	if m.Limit == 0 {
		r.Offset = 0
	}
	return r, nil
}

// seconds converts playlist seconds to a Duration, rounded to the
// microsecond (EXTINF has at most that precision in practice).
func seconds(s float64) time.Duration {
	if math.IsNaN(s) || s <= 0 || s > MaxSegmentDuration.Seconds() {
		return 0
	}
	return time.Duration(math.Round(s*1e6)) * time.Microsecond
}

// displayURL shows local playlists as paths, everything else as is.
func displayURL(raw string) string {
	u, err := url.Parse(raw)
	if err == nil && u.Scheme == "file" {
		return u.Path
	}
	return raw
}
