package sim

import (
	"bytes"
	"embed"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"smartplay/player/abr"
	"smartplay/player/qoe"
)

// Video is what the simulator streams: a ladder and the byte size of every
// segment of every rendition.
type Video struct {
	Name     string
	Variants []abr.Variant // ascending by bitrate, as the player's snapshot has them
	// Sizes[v][i] is the size in bytes of segment i of rendition v. A
	// rendition may list more sizes than Segments: the extra ones are only
	// shown to strategies' look-ahead (Pensieve's 49th chunk).
	Sizes           [][]int64
	Segments        int // segments played
	SegmentDuration time.Duration
}

// Kbps is rendition v's bitrate as QoE_lin counts it (Variant.Bitrate in
// kbit/s).
func (v *Video) Kbps(i int) float64 { return float64(v.Variants[i].Bitrate()) / 1000 }

// renditions is the ladder as player/qoe counts it.
func (v *Video) renditions() []qoe.Rendition {
	out := make([]qoe.Rendition, len(v.Variants))
	for i, r := range v.Variants {
		out[i] = qoe.Rendition{Label: abr.Label(r), Bitrate: r.Bitrate(), Height: r.Height}
	}
	return out
}

// check reports a video the models cannot stream.
func (v *Video) check() error {
	if len(v.Variants) == 0 || len(v.Sizes) != len(v.Variants) {
		return fmt.Errorf("%w %s: %d renditions, %d size lists", ErrVideo, v.Name, len(v.Variants), len(v.Sizes))
	}
	if v.Segments < 1 || v.SegmentDuration <= 0 {
		return fmt.Errorf("%w %s: %d segments of %v", ErrVideo, v.Name, v.Segments, v.SegmentDuration)
	}
	for i, s := range v.Sizes {
		if len(s) < v.Segments {
			return fmt.Errorf("%w %s: rendition %d has %d sizes for %d segments", ErrVideo, v.Name, i, len(s), v.Segments)
		}
		for k, b := range s {
			if b <= 0 {
				return fmt.Errorf("%w %s: rendition %d segment %d has %d bytes", ErrVideo, v.Name, i, k, b)
			}
		}
		if v.Variants[i].Bitrate() <= 0 {
			return fmt.Errorf("%w %s: rendition %d has no bitrate", ErrVideo, v.Name, i)
		}
		if i > 0 && v.Variants[i].Bitrate() < v.Variants[i-1].Bitrate() {
			return fmt.Errorf("%w %s: renditions are not in ascending bitrate order", ErrVideo, v.Name)
		}
	}
	return nil
}

//go:embed envivio/video_size_*
var envivioFiles embed.FS

// Pensieve's video (SIMULATOR.md, ../shared/traces/pensieve-video): the
// "EnvivioDash3" clip, 48 chunks of 4 s played, 49 sizes per rendition.
const (
	envivioSegments        = 48
	envivioSegmentDuration = 4 * time.Second
)

// envivioLadder is Pensieve's VIDEO_BIT_RATE (kbit/s) with the clip's
// resolutions, lowest first.
var envivioLadder = []struct{ kbps, w, h int }{
	{300, 320, 180}, {750, 640, 360}, {1200, 768, 432}, {1850, 1024, 576}, {2850, 1280, 720}, {4300, 1920, 1080},
}

// Envivio returns Pensieve's video: the envivio chunk sizes (embedded from
// envivio/, MIT, see its README), 48 chunks of 4 s, Pensieve's ladder.
func Envivio() *Video {
	v := &Video{Name: "envivio", Segments: envivioSegments, SegmentDuration: envivioSegmentDuration}
	for i, r := range envivioLadder {
		data, err := envivioFiles.ReadFile(fmt.Sprintf("envivio/video_size_%d", i))
		if err != nil {
			panic("sim: embedded envivio sizes missing: " + err.Error()) // a build defect, not input
		}
		var sizes []int64
		for _, f := range strings.Fields(string(data)) {
			n, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				panic("sim: embedded envivio sizes corrupt: " + err.Error())
			}
			sizes = append(sizes, n)
		}
		v.Variants = append(v.Variants, abr.Variant{Bandwidth: int64(r.kbps) * 1000, Width: r.w, Height: r.h})
		v.Sizes = append(v.Sizes, sizes)
	}
	return v
}

// maxVideoBytes bounds a sizes file or playlist read.
const maxVideoBytes = 16 << 20

// LoadVideo reads a video description: a directory with an HLS master
// playlist (master.m3u8; sizes are the segment files' sizes, see
// VideoFromHLS), or a sizes file in this format:
//
//	# comments and blank lines are ignored
//	segment 10s                      # segment duration (Go syntax), once, first
//	# kbps  WIDTHxHEIGHT  size of segment 0, 1, 2, … in bytes
//	300     320x180       402320 415480 408712
//	750     640x360       945076 950152 956920
//
// one line per rendition, in ascending bitrate order, every rendition with
// the same number of segments.
func LoadVideo(path string) (*Video, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return VideoFromHLS(path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrVideo, err)
	}
	if len(data) > maxVideoBytes {
		return nil, fmt.Errorf("%w %s: larger than %d MB", ErrVideo, path, maxVideoBytes>>20)
	}
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("#EXTM3U")) {
		return VideoFromHLS(filepath.Dir(path))
	}
	return ParseVideo(filepath.Base(path), data)
}

// ParseVideo reads the sizes format of LoadVideo.
func ParseVideo(name string, data []byte) (*Video, error) {
	v := &Video{Name: name}
	err := lines(data, func(n int, s string) error {
		s, _, _ = strings.Cut(s, "#")
		f := strings.Fields(s)
		if len(f) == 0 {
			return nil
		}
		if f[0] == "segment" {
			if len(f) != 2 || v.SegmentDuration != 0 {
				return fmt.Errorf("%w %s line %d: want one \"segment DURATION\" line", ErrVideo, name, n)
			}
			d, err := time.ParseDuration(f[1])
			if err != nil || d <= 0 || d > time.Hour {
				return fmt.Errorf("%w %s line %d: segment duration %q", ErrVideo, name, n, f[1])
			}
			v.SegmentDuration = d
			return nil
		}
		if len(f) < 3 {
			return fmt.Errorf("%w %s line %d: want KBPS WIDTHxHEIGHT SIZE…", ErrVideo, name, n)
		}
		kbps, err := strconv.ParseFloat(f[0], 64)
		var w, h int
		if _, err2 := fmt.Sscanf(f[1], "%dx%d", &w, &h); err != nil || err2 != nil || kbps <= 0 || w < 0 || h < 0 {
			return fmt.Errorf("%w %s line %d: want KBPS WIDTHxHEIGHT SIZE…", ErrVideo, name, n)
		}
		var sizes []int64
		for _, x := range f[2:] {
			b, err := strconv.ParseInt(x, 10, 64)
			if err != nil || b <= 0 {
				return fmt.Errorf("%w %s line %d: segment size %q", ErrVideo, name, n, x)
			}
			sizes = append(sizes, b)
		}
		v.Variants = append(v.Variants, abr.Variant{Bandwidth: int64(kbps * 1000), Width: w, Height: h})
		v.Sizes = append(v.Sizes, sizes)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if v.SegmentDuration == 0 {
		v.SegmentDuration = 10 * time.Second
	}
	if len(v.Sizes) > 0 {
		v.Segments = len(v.Sizes[0])
		for _, s := range v.Sizes {
			if len(s) != v.Segments {
				return nil, fmt.Errorf("%w %s: renditions differ in segment count", ErrVideo, name)
			}
		}
	}
	if err := v.check(); err != nil {
		return nil, err
	}
	return v, nil
}
