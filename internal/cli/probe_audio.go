package cli

import (
	"fmt"
	"io"
	"strings"

	"smartplay/player/source"
)

// probeAudio is one audio rendition (EXT-X-MEDIA TYPE=AUDIO with a URI).
type probeAudio struct {
	Group      string `json:"group"`
	Name       string `json:"name"`
	Language   string `json:"language,omitempty"`
	Default    bool   `json:"default"`
	Autoselect bool   `json:"autoselect,omitempty"`
	URI        string `json:"uri"`
	// PlayedBy lists the renditions (numbers) that play it; empty for an
	// alternative or one not loaded.
	PlayedBy []int `json:"played_by,omitempty"`
	// Loaded: its playlist was loaded (those played and their
	// alternatives are); Error says why one that was needed failed.
	Loaded    bool    `json:"loaded"`
	Segments  int     `json:"segments,omitempty"`
	Duration  float64 `json:"duration_s,omitempty"`
	Container string  `json:"container,omitempty"`
	Error     string  `json:"error,omitempty"`
}

func newProbeAudio(p *source.Presentation) []probeAudio {
	var out []probeAudio
	for _, a := range p.Audio {
		pa := probeAudio{Group: a.Group, Name: a.Name, Language: a.Language, Default: a.Default, Autoselect: a.Autoselect, URI: a.URI}
		for i, v := range p.Variants {
			if v.Audio == a {
				pa.PlayedBy = append(pa.PlayedBy, i+1)
			}
		}
		if m := a.Media; m != nil {
			pa.Loaded, pa.Segments, pa.Duration, pa.Container = true, len(m.Segments), m.Duration.Seconds(), "MPEG-TS"
			switch first := m.Segments[0]; {
			case first.Map != nil:
				pa.Container = "fMP4"
			case strings.HasSuffix(strings.ToLower(strings.SplitN(first.URI, "?", 2)[0]), ".aac"):
				pa.Container = "ADTS"
			}
		}
		if a.Err != nil {
			pa.Error = a.Err.Error()
		}
		out = append(out, pa)
	}
	return out
}

// printAudio writes the audio renditions, one line each.
func printAudio(w io.Writer, audio []probeAudio) {
	if len(audio) == 0 {
		return
	}
	fmt.Fprintf(w, "%d audio rendition(s):\n", len(audio))
	for _, a := range audio {
		var flags []string
		if a.Default {
			flags = append(flags, "default")
		}
		if a.Autoselect {
			flags = append(flags, "autoselect")
		}
		var use string
		switch {
		case a.Error != "":
			use = "unavailable: " + a.Error
		case len(a.PlayedBy) > 0:
			use = fmt.Sprintf("played by %s; %d segments, %.3f s, %s", numbers(a.PlayedBy), a.Segments, a.Duration, a.Container)
		case a.Loaded:
			use = fmt.Sprintf("alternative; %d segments, %.3f s, %s", a.Segments, a.Duration, a.Container)
		default:
			use = "not loaded"
		}
		fmt.Fprintf(w, "  %-12s %-16s %-5s %-18s %s\n", a.Group, a.Name, orDash(a.Language), orDash(strings.Join(flags, ",")), use)
	}
}

func numbers(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ", ")
}
