package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"smartplay/player/source"
)

// probeTimeout bounds a probe: a playlist and its media playlists load in
// well under a second on a healthy server; a stalled one must not hang a
// script that calls probe.
const probeTimeout = 30 * time.Second

func probeMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("probe", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: smartplay probe [--json] URL|PATH\n\n"+
			"Loads an HLS master or media playlist (http(s) URL or local path) and prints the renditions\n"+
			"(bandwidth, resolution, codecs) and segments (count, durations, total) the player understood.\n"+
			"Exit status 0: usable; 1: unusable, with one line saying why.\n\nflags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(Reorder(args, map[string]bool{})); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 1
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	f := source.NewFetcher(source.FetcherConfig{})
	p, err := source.Open(ctx, f, fs.Arg(0))
	if err != nil {
		return Fail(stderr, err)
	}
	rep := newProbeReport(p)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return Fail(stderr, err)
		}
		return 0
	}
	rep.print(stdout)
	return 0
}

type probeRendition struct {
	Number           int     `json:"number"`
	Label            string  `json:"label"`
	Bandwidth        int64   `json:"bandwidth"`
	AverageBandwidth int64   `json:"average_bandwidth,omitempty"`
	Width            int     `json:"width,omitempty"`
	Height           int     `json:"height,omitempty"`
	Codecs           string  `json:"codecs,omitempty"`
	FrameRate        float64 `json:"frame_rate,omitempty"`
	URI              string  `json:"uri"`
	Segments         int     `json:"segments"`
	Duration         float64 `json:"duration_s"`
	MinSegment       float64 `json:"min_segment_s"`
	MaxSegment       float64 `json:"max_segment_s"`
	Container        string  `json:"container"`
	Discontinuities  int     `json:"discontinuities,omitempty"`
	ByteRanges       bool    `json:"byte_ranges,omitempty"`
}

type probeReport struct {
	URL        string           `json:"url"`
	Master     bool             `json:"master"`
	Live       bool             `json:"live"`
	Duration   float64          `json:"duration_s"`
	Renditions []probeRendition `json:"renditions"`
	// Unavailable: renditions left out, their playlist failed to load.
	Unavailable []probeUnavailable `json:"unavailable,omitempty"`
	// Audio: the separate audio renditions (EXT-X-MEDIA TYPE=AUDIO).
	Audio []probeAudio `json:"audio,omitempty"`
}

type probeUnavailable struct {
	Label string `json:"label"`
	URI   string `json:"uri"`
	Error string `json:"error"`
}

func newProbeReport(p *source.Presentation) probeReport {
	r := probeReport{URL: p.URL, Master: p.Master, Live: p.Live, Duration: p.Duration.Seconds()}
	for i, v := range p.Variants {
		pr := probeRendition{Number: i + 1, Label: v.Label, Bandwidth: v.Bandwidth, AverageBandwidth: v.AverageBandwidth,
			Width: v.Width, Height: v.Height, Codecs: v.Codecs, FrameRate: v.FrameRate, URI: v.URI, Container: "MPEG-TS"}
		if m := v.Media; m != nil {
			pr.Segments = len(m.Segments)
			pr.Duration = m.Duration.Seconds()
			for j, s := range m.Segments {
				d := s.Duration.Seconds()
				if j == 0 || d < pr.MinSegment {
					pr.MinSegment = d
				}
				pr.MaxSegment = max(pr.MaxSegment, d)
				if s.Map != nil {
					pr.Container = "fMP4"
				}
				if s.Discontinuity {
					pr.Discontinuities++
				}
				if s.Length > 0 {
					pr.ByteRanges = true
				}
			}
		}
		r.Renditions = append(r.Renditions, pr)
	}
	for _, u := range p.Unavailable {
		r.Unavailable = append(r.Unavailable, probeUnavailable{Label: u.Label, URI: u.URI, Error: u.Err.Error()})
	}
	r.Audio = newProbeAudio(p)
	return r
}

func (r probeReport) print(w io.Writer) {
	kind := "media playlist"
	if r.Master {
		kind = "master playlist"
	}
	mode := "VOD"
	if r.Live {
		mode = "live"
	}
	fmt.Fprintf(w, "%s (%s, %s, %.3f s)\n", r.URL, kind, mode, r.Duration)
	fmt.Fprintf(w, "%d rendition(s):\n", len(r.Renditions))
	for _, v := range r.Renditions {
		res := "-"
		if v.Width > 0 {
			res = fmt.Sprintf("%dx%d", v.Width, v.Height)
		}
		extra := []string{v.Container}
		if v.ByteRanges {
			extra = append(extra, "byte ranges")
		}
		if v.Discontinuities > 0 {
			extra = append(extra, fmt.Sprintf("%d discontinuities", v.Discontinuities))
		}
		fmt.Fprintf(w, "  %d  %-12s bandwidth %8d  average %8d  %-9s  %-24s %5.2f fps\n", v.Number, v.Label, v.Bandwidth,
			v.AverageBandwidth, res, orDash(v.Codecs), v.FrameRate)
		fmt.Fprintf(w, "     %d segments, %.3f s total, %.3f–%.3f s each, %s\n", v.Segments, v.Duration, v.MinSegment,
			v.MaxSegment, strings.Join(extra, ", "))
	}
	for _, u := range r.Unavailable {
		fmt.Fprintf(w, "left out: %s (%s)\n", u.Label, u.Error)
	}
	printAudio(w, r.Audio)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
