package source

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/grafov/m3u8"

	"smartplay/player/abr"
)

// variantLoadParallelism: media playlists of a ladder load a few at a time
// (startup latency) without opening a connection per rung at once.
const variantLoadParallelism = 4

// audioCodecPrefixes identify CODECS entries that are audio only.
var audioCodecPrefixes = []string{"mp4a", "ac-3", "ec-3", "opus", "flac", "mp3", "fLaC", "Opus"}

// buildVariants turns a master playlist's EXT-X-STREAM-INF entries into
// sorted, labelled variants (their media playlists not loaded yet).
// I-frame streams, entries without a URI, duplicates and audio-only
// entries (when there is video) are left out.
func buildVariants(pl *m3u8.MasterPlaylist, base *url.URL) ([]*Variant, error) {
	var video, audio []*Variant
	seen := map[string]bool{}
	for _, mv := range pl.Variants {
		if mv == nil || mv.Iframe || mv.URI == "" {
			continue
		}
		u, err := resolve(base, mv.URI)
		if err != nil {
			return nil, fmt.Errorf("variant %q: %w", shorten(mv.URI), err)
		}
		if seen[u.String()] {
			continue
		}
		seen[u.String()] = true
		v := &Variant{URI: u.String(), Variant: abr.Variant{
			Bandwidth: int64(mv.Bandwidth), AverageBandwidth: int64(mv.AverageBandwidth),
			Codecs: printable(mv.Codecs), FrameRate: mv.FrameRate,
		}}
		if v.FrameRate < 0 || v.FrameRate > 1000 || v.FrameRate != v.FrameRate {
			v.FrameRate = 0
		}
		if v.Bandwidth > MaxBandwidth {
			v.Bandwidth = 0
		}
		if v.AverageBandwidth > MaxBandwidth {
			v.AverageBandwidth = 0
		}
		v.Width, v.Height = parseResolution(mv.Resolution)
		v.AudioGroup = printable(mv.Audio)
		if audioOnly(mv.Codecs) {
			audio = append(audio, v)
		} else {
			video = append(video, v)
		}
	}
	vs := video
	if len(vs) == 0 {
		vs = audio
	}
	if len(vs) == 0 {
		return nil, ErrNoVariants
	}
	if len(vs) > MaxVariants {
		return nil, fmt.Errorf("%w: %d variants (max %d)", ErrLimit, len(vs), MaxVariants)
	}
	slices.SortStableFunc(vs, func(a, b *Variant) int {
		return cmp.Or(cmp.Compare(a.Bandwidth, b.Bandwidth), cmp.Compare(a.Height, b.Height))
	})
	for i, v := range vs {
		v.Index = i
	}
	label(vs)
	return vs, nil
}

// loadVariants loads every variant's media playlist, a few at a time, and
// returns those that loaded (re-indexed) and those that did not: a
// rendition whose playlist fails is left out (failover to the others)
// unless none loads (the first variant's error is returned). Going over
// MaxTotalSegments cancels the rest and is returned.
// (golang.org/x/sync v0.24.0 needs "go 1.26.0" in go.mod, which says
// "go 1.26", so errgroup is not used here.)
func loadVariants(ctx context.Context, f *Fetcher, vs []*Variant) ([]*Variant, []Unavailable, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	sem := make(chan struct{}, variantLoadParallelism)
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0 // segments loaded so far, under mu
	errs := make([]error, len(vs))
	for i, v := range vs {
		wg.Go(func() {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			if ctx.Err() != nil {
				return
			}
			mp, err := loadMedia(ctx, f, v.URI)
			if err != nil {
				err = fmt.Errorf("variant %s: %w", v.Label, err)
				if errors.Is(err, ErrLimit) {
					cancel(err)
				}
				errs[i] = err
				return
			}
			mu.Lock()
			total += len(mp.Segments)
			over := total > MaxTotalSegments
			mu.Unlock()
			if over {
				cancel(fmt.Errorf("playlist %s: %w: over %d segments in all variants (max %d)",
					displayURL(v.URI), ErrLimit, total, MaxTotalSegments))
				return
			}
			v.Media = mp
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, nil, err
	}
	return keepLoaded(vs, errs)
}

// singleVariant wraps a media playlist given directly. Its bitrate is
// known only when BYTERANGE gives every segment's size.
func singleVariant(mp *MediaPlaylist) *Variant {
	v := &Variant{URI: mp.URL, Media: mp}
	var total int64
	var peak float64
	for _, s := range mp.Segments {
		if s.Length == 0 || s.Duration <= 0 {
			total = 0
			break
		}
		total += s.Length
		peak = max(peak, float64(s.Length)*8/s.Duration.Seconds())
	}
	if total > 0 && mp.Duration > 0 {
		v.AverageBandwidth = int64(float64(total) * 8 / mp.Duration.Seconds())
		v.Bandwidth = int64(peak)
	}
	label([]*Variant{v})
	return v
}

// label names variants "720p" (or "2850k"), adding the bitrate where two
// would share a name.
func label(vs []*Variant) {
	names := make([]string, len(vs))
	count := map[string]int{}
	for i, v := range vs {
		names[i] = abr.Label(v.Variant)
		if names[i] == "" {
			names[i] = "media"
		}
		count[names[i]]++
	}
	final := map[string]int{}
	for i, v := range vs {
		if count[names[i]] > 1 && v.Height > 0 && v.Bitrate() > 0 {
			names[i] = fmt.Sprintf("%s %dk", names[i], (v.Bitrate()+500)/1000)
		}
		final[names[i]]++
	}
	for i, v := range vs {
		v.Label = names[i]
		if final[names[i]] > 1 { // same height and bitrate: number them
			v.Label = fmt.Sprintf("%s #%d", names[i], i)
		}
	}
}

// parseResolution reads "1280x720"; 0, 0 when absent or nonsense.
func parseResolution(s string) (w, h int) {
	ws, hs, ok := strings.Cut(strings.ToLower(strings.TrimSpace(s)), "x")
	if !ok {
		return 0, 0
	}
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	const maxDimension = 16384 // pixels; larger than any real video
	if err1 != nil || err2 != nil || w <= 0 || h <= 0 || w > maxDimension || h > maxDimension {
		return 0, 0
	}
	return w, h
}

// audioOnly reports whether a CODECS list names only audio codecs.
func audioOnly(codecs string) bool {
	if strings.TrimSpace(codecs) == "" {
		return false
	}
	for c := range strings.SplitSeq(codecs, ",") {
		c = strings.TrimSpace(c)
		isAudio := false
		for _, p := range audioCodecPrefixes {
			if strings.HasPrefix(c, p) {
				isAudio = true
			}
		}
		if !isAudio {
			return false
		}
	}
	return true
}

// PlaylistThroughput is the rate of the playlist requests Open made, in
// bits per second (0 when unknown). Playlists are a few kB, so latency
// dominates it: it is a floor for the link, not an estimate.
func (p *Presentation) PlaylistThroughput() float64 {
	if p.PlaylistTime <= 0 || p.PlaylistBytes <= 0 {
		return 0
	}
	return float64(p.PlaylistBytes) * 8 / p.PlaylistTime.Seconds()
}
