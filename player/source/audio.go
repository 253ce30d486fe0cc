package source

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
)

// MaxAudioRenditions bounds the EXT-X-MEDIA TYPE=AUDIO entries of a master
// playlist: real ones have a few languages times a few groups (codecs,
// redundant copies), well under 100.
const MaxAudioRenditions = 256

// AudioRendition is one EXT-X-MEDIA TYPE=AUDIO entry of a master playlist
// that names its own media playlist (demuxed audio). Entries without a URI
// describe audio muxed into the variant and are not listed.
type AudioRendition struct {
	// Index is the position in Presentation.Audio.
	Index int
	// Group is GROUP-ID, the value of the variants' AUDIO attribute.
	Group string
	// Name and Language are NAME and LANGUAGE (shown, and matched across
	// groups: the same NAME, else LANGUAGE, is the same audio).
	Name, Language string
	// Default and Autoselect are DEFAULT=YES and AUTOSELECT=YES.
	Default, Autoselect bool
	// URI is the media playlist's absolute URL.
	URI string
	// Media is the loaded playlist; nil when it was not loaded (not
	// needed) or failed to load (Err says why).
	Media *MediaPlaylist
	Err   error
}

// Label names the rendition in logs and events: `group/name`.
func (a *AudioRendition) Label() string {
	if a == nil {
		return "muxed"
	}
	return a.Group + "/" + a.Name
}

// parseAudioRenditions reads the EXT-X-MEDIA TYPE=AUDIO lines with a URI
// of a (normalized) master playlist. grafov/m3u8 attaches alternatives to
// variants inconsistently (an I-frame stream takes the ones before it), so
// the lines are read here with the same attribute parser as
// checkRenditionURIs; URIs obey the same scheme rules as variants.
func parseAudioRenditions(data []byte, base *url.URL) ([]*AudioRendition, error) {
	var out []*AudioRendition
	seen := map[string]bool{}
	for line := range bytes.Lines(data) {
		rest, ok := strings.CutPrefix(strings.TrimSpace(string(line)), "#EXT-X-MEDIA:")
		if !ok {
			continue
		}
		if typ, _ := attribute(rest, "TYPE"); strings.TrimSpace(typ) != "AUDIO" {
			continue
		}
		uri, ok := attribute(rest, "URI")
		if !ok || uri == "" {
			continue
		}
		u, err := resolve(base, uri)
		if err != nil {
			return nil, fmt.Errorf("EXT-X-MEDIA URI: %w", err)
		}
		group, _ := attribute(rest, "GROUP-ID")
		name, _ := attribute(rest, "NAME")
		lang, _ := attribute(rest, "LANGUAGE")
		def, _ := attribute(rest, "DEFAULT")
		auto, _ := attribute(rest, "AUTOSELECT")
		a := &AudioRendition{Group: printable(group), Name: printable(name), Language: printable(lang),
			Default: strings.EqualFold(def, "YES"), Autoselect: strings.EqualFold(auto, "YES"), URI: u.String()}
		key := a.Group + "\x00" + a.URI
		if seen[key] {
			continue
		}
		seen[key] = true
		if len(out) == MaxAudioRenditions {
			return nil, fmt.Errorf("%w: over %d audio renditions (EXT-X-MEDIA)", ErrLimit, MaxAudioRenditions)
		}
		a.Index = len(out)
		out = append(out, a)
	}
	return out, nil
}

// pickInGroup returns the rendition of group to play: the one with the
// wanted NAME (else LANGUAGE) when like is given and the group has it, else
// DEFAULT=YES, else AUTOSELECT=YES, else the first; nil when the group has
// no rendition with a URI.
func pickInGroup(all []*AudioRendition, group string, like *AudioRendition) *AudioRendition {
	var members []*AudioRendition
	for _, a := range all {
		if a.Group == group {
			members = append(members, a)
		}
	}
	if len(members) == 0 {
		return nil
	}
	if like != nil {
		if a := sameAudio(members, like); a != nil {
			return a
		}
	}
	for _, a := range members {
		if a.Default {
			return a
		}
	}
	for _, a := range members {
		if a.Autoselect {
			return a
		}
	}
	return members[0]
}

// sameAudio returns the first of cands (other than like itself) with like's
// NAME, else with its LANGUAGE, else nil.
func sameAudio(cands []*AudioRendition, like *AudioRendition) *AudioRendition {
	for _, a := range cands {
		if a != like && a.Name == like.Name {
			return a
		}
	}
	for _, a := range cands {
		if a != like && like.Language != "" && a.Language == like.Language {
			return a
		}
	}
	return nil
}

// audioAlternatives returns the renditions that carry the same audio as a
// in other groups (same NAME first, then same LANGUAGE), loaded ones only,
// in playlist order: where a failed audio segment or playlist is fetched
// from instead.
func audioAlternatives(all []*AudioRendition, a *AudioRendition) []*AudioRendition {
	var byName, byLang []*AudioRendition
	for _, b := range all {
		if b == a || b.Group == a.Group || b.Media == nil {
			continue
		}
		switch {
		case b.Name == a.Name:
			byName = append(byName, b)
		case a.Language != "" && b.Language == a.Language:
			byLang = append(byLang, b)
		}
	}
	return append(byName, byLang...)
}
