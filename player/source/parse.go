package source

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/grafov/m3u8"
)

type playlistKind int

const (
	kindMaster playlistKind = iota + 1
	kindMedia
)

// utf8BOM is skipped before the #EXTM3U header (some editors write it).
var utf8BOM = []byte("\xEF\xBB\xBF")

// normalize returns the playlist text with LF line endings (CRLF and lone
// CR both occur in the wild), without a BOM and without blank lines (the
// spec says to ignore them; grafov/m3u8 would read one after #EXTINF as an
// empty URI).
func normalize(data []byte) []byte {
	data = bytes.TrimPrefix(data, utf8BOM)
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	out := make([]byte, 0, len(data))
	for line := range bytes.Lines(data) {
		if len(bytes.TrimSpace(line)) > 0 {
			out = append(out, line...)
		}
	}
	return out
}

// precheck validates what grafov/m3u8 is lenient about (header, size,
// line count) and decides the playlist's kind by its tags: grafov guesses
// the kind from the last tag it saw, which misreads some masters.
func precheck(data []byte) (playlistKind, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return 0, ErrEmpty
	}
	if len(data) > MaxPlaylistBytes {
		return 0, fmt.Errorf("%w: %d bytes (max %d)", ErrLimit, len(data), MaxPlaylistBytes)
	}
	if n := bytes.Count(data, []byte("\n")) + 1; n > MaxPlaylistLines {
		return 0, fmt.Errorf("%w: %d lines (max %d)", ErrLimit, n, MaxPlaylistLines)
	}
	rest := bytes.TrimLeft(data, " \t\n")
	first, _, _ := bytes.Cut(rest, []byte("\n"))
	if string(bytes.TrimSpace(first)) != "#EXTM3U" {
		return 0, ErrNotPlaylist
	}
	var streams, infs, n int
	for line := range bytes.Lines(data) {
		n++
		line = bytes.TrimSpace(line)
		if len(line) > MaxLineBytes {
			return 0, fmt.Errorf("%w: line %d of %d bytes (max %d)", ErrLimit, n, len(line), MaxLineBytes)
		}
		switch {
		case bytes.HasPrefix(line, []byte("#EXT-X-STREAM-INF:")):
			streams++
		case bytes.HasPrefix(line, []byte("#EXTINF:")):
			infs++
			if err := checkDuration(line); err != nil {
				return 0, fmt.Errorf("line %d: %w", n, err)
			}
		}
	}
	switch {
	case streams > 0 && infs > 0:
		return 0, fmt.Errorf("%w: both variant streams and segments", ErrMalformed)
	case streams > MaxVariants:
		return 0, fmt.Errorf("%w: %d variants (max %d)", ErrLimit, streams, MaxVariants)
	case infs > MaxSegments:
		return 0, fmt.Errorf("%w: %d segments (max %d)", ErrLimit, infs, MaxSegments)
	case streams > 0:
		return kindMaster, nil
	case infs > 0:
		return kindMedia, nil
	}
	if bytes.Contains(data, []byte("#EXT-X-TARGETDURATION")) || bytes.Contains(data, []byte("#EXT-X-ENDLIST")) {
		return 0, ErrNoSegments
	}
	return 0, fmt.Errorf("%w: no variant streams and no segments", ErrEmpty)
}

// checkDuration checks an #EXTINF line's duration is a number:
// grafov/m3u8 silently reuses the previous segment's duration when it is
// missing and reads garbage as 0. The range is checked later (segmentRef).
func checkDuration(line []byte) error {
	v, _, _ := bytes.Cut(line[len("#EXTINF:"):], []byte(","))
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return fmt.Errorf("%w: #EXTINF without a duration", ErrMalformed)
	}
	if _, err := strconv.ParseFloat(string(v), 64); err != nil && !errors.Is(err, strconv.ErrRange) {
		return fmt.Errorf("%w: #EXTINF duration %q is not a number", ErrMalformed, shorten(string(v)))
	}
	return nil
}

// decodeMaster parses a master playlist. grafov/m3u8 can panic on some
// malformed input (a tag applied before any segment); that is turned into
// ErrMalformed, never passed on.
func decodeMaster(data []byte) (pl *m3u8.MasterPlaylist, err error) {
	defer func() {
		if r := recover(); r != nil {
			pl, err = nil, fmt.Errorf("%w: parser failed: %v", ErrMalformed, r)
		}
	}()
	pl = m3u8.NewMasterPlaylist()
	if err := pl.DecodeFrom(bytes.NewReader(data), false); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return pl, nil
}

// decodeMedia parses a media playlist, recording which EXT-X-BYTERANGE
// tags had an explicit offset (grafov stores a missing one as 0, but the
// spec says it continues the previous segment's range).
func decodeMedia(data []byte) (pl *m3u8.MediaPlaylist, err error) {
	defer func() {
		if r := recover(); r != nil {
			pl, err = nil, fmt.Errorf("%w: parser failed: %v", ErrMalformed, r)
		}
	}()
	p, kind, err := m3u8.DecodeWith(bytes.NewReader(data), false, []m3u8.CustomDecoder{byteRangeDecoder{}})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	mp, ok := p.(*m3u8.MediaPlaylist)
	if kind != m3u8.MEDIA || !ok {
		return nil, fmt.Errorf("%w: segments in a playlist read as a master playlist", ErrMalformed)
	}
	return mp, nil
}

const byteRangeTagName = "#EXT-X-BYTERANGE:"

// byteRangeTag records one EXT-X-BYTERANGE tag's form.
type byteRangeTag struct{ hasOffset bool }

func (byteRangeTag) TagName() string       { return byteRangeTagName }
func (byteRangeTag) Encode() *bytes.Buffer { return nil }
func (t byteRangeTag) String() string      { return fmt.Sprintf("byterange offset given: %v", t.hasOffset) }
func (byteRangeDecoder) TagName() string   { return byteRangeTagName }
func (byteRangeDecoder) SegmentTag() bool  { return true }
func hasRangeOffset(s *m3u8.MediaSegment) bool {
	t, ok := s.Custom[byteRangeTagName].(byteRangeTag)
	return !ok || t.hasOffset // without our tag, trust grafov's value
}

// byteRangeDecoder is the grafov custom decoder producing byteRangeTag.
type byteRangeDecoder struct{}

func (byteRangeDecoder) Decode(line string) (m3u8.CustomTag, error) {
	return byteRangeTag{hasOffset: strings.Contains(line, "@")}, nil
}
