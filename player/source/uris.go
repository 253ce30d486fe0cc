package source

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// renditionTags are the master playlist tags whose URI attribute names a
// playlist the player could be led to fetch (alternative renditions and
// I-frame streams). They are checked like variant URIs (audio renditions
// are loaded, audio.go; the others are not), so a master playlist that
// points at file:, data: or any other scheme is refused as a whole,
// whatever tag carries it.
var renditionTags = []string{"#EXT-X-MEDIA:", "#EXT-X-I-FRAME-STREAM-INF:"}

// checkRenditionURIs resolves the URI attribute of every renditionTags
// line of a (normalized) master playlist against base.
func checkRenditionURIs(data []byte, base *url.URL) error {
	n := 0
	for line := range bytes.Lines(data) {
		n++
		s := strings.TrimSpace(string(line))
		for _, tag := range renditionTags {
			rest, ok := strings.CutPrefix(s, tag)
			if !ok {
				continue
			}
			uri, ok := attribute(rest, "URI")
			if !ok {
				continue // EXT-X-MEDIA without URI: muxed into the variant
			}
			if _, err := resolve(base, uri); err != nil {
				return fmt.Errorf("line %d: %s URI: %w", n, strings.TrimSuffix(tag, ":"), err)
			}
		}
	}
	return nil
}

// attribute returns the value of name in an HLS attribute list
// (NAME=value,NAME="quoted, value"), unquoted.
func attribute(list, name string) (string, bool) {
	for list != "" {
		key, rest, ok := strings.Cut(list, "=")
		if !ok {
			return "", false
		}
		var val string
		if strings.HasPrefix(rest, `"`) {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				val, rest = rest[1:], ""
			} else {
				val, rest = rest[1:1+end], rest[2+end:]
			}
			_, rest, _ = strings.Cut(rest, ",")
		} else {
			val, rest, _ = strings.Cut(rest, ",")
		}
		if strings.TrimSpace(key) == name {
			return val, true
		}
		list = rest
	}
	return "", false
}

// printable drops control characters and invalid UTF-8 from a playlist
// string the player shows (CODECS in probe's output and the HUD), so a
// playlist cannot send escape sequences to the user's terminal.
func printable(s string) string {
	s = strings.ToValidUTF8(s, "")
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}
