package source

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
)

// AudioFallback records a variant whose audio rendition could not be
// loaded at Open: it plays To instead (an alternative with the same NAME or
// LANGUAGE in another group), or, To being nil, the audio muxed into the
// variant if it has any, else none.
type AudioFallback struct {
	Variant string // the variant's label
	From    *AudioRendition
	To      *AudioRendition
}

// openAudio reads the master playlist's audio renditions, loads those the
// variants will play and their alternatives, and gives every variant its
// Audio. A rendition whose playlist fails is never fatal: the variant
// falls back (Presentation.AudioFallbacks), at worst to its own audio.
func openAudio(ctx context.Context, f *Fetcher, p *Presentation, data []byte, base *url.URL) error {
	all, err := parseAudioRenditions(data, base)
	if err != nil {
		return fmt.Errorf("playlist %s: %w", displayURL(p.URL), err)
	}
	if len(all) == 0 {
		return nil
	}
	p.Audio = all
	var first *AudioRendition // what the lowest variant plays; others match it
	for _, v := range p.Variants {
		if first = pickInGroup(all, v.AudioGroup, nil); first != nil {
			break
		}
	}
	if first == nil {
		return nil // no variant names a group with a URI: audio is muxed
	}
	chosen := map[string]*AudioRendition{} // by group
	want := map[*AudioRendition]bool{}
	for _, v := range p.Variants {
		if _, ok := chosen[v.AudioGroup]; ok || v.AudioGroup == "" {
			continue
		}
		a := pickInGroup(all, v.AudioGroup, first)
		chosen[v.AudioGroup] = a
		if a == nil {
			continue
		}
		want[a] = true
		for _, b := range all { // alternatives: the same audio in other groups
			if b.Group != a.Group && (b.Name == a.Name || (a.Language != "" && b.Language == a.Language)) {
				want[b] = true
			}
		}
	}
	if err := loadAudioPlaylists(ctx, f, p, all, want); err != nil {
		return err
	}
	reported := map[*AudioRendition]bool{}
	for _, v := range p.Variants {
		a := chosen[v.AudioGroup]
		if a == nil {
			continue
		}
		if a.Media != nil {
			v.Audio = a
			continue
		}
		if alts := audioAlternatives(all, a); len(alts) > 0 {
			v.Audio = alts[0]
		}
		if !reported[a] {
			reported[a] = true
			p.AudioFallbacks = append(p.AudioFallbacks, AudioFallback{Variant: v.Label, From: a, To: v.Audio})
		}
	}
	return nil
}

// loadAudioPlaylists loads the wanted renditions' media playlists a few at
// a time. A failure is kept in the rendition's Err; only a limit crossed
// (ErrLimit, or the segments of every playlist together over
// MaxTotalSegments) is returned.
func loadAudioPlaylists(ctx context.Context, f *Fetcher, p *Presentation, all []*AudioRendition, want map[*AudioRendition]bool) error {
	total := 0
	for _, v := range p.Variants {
		total += len(v.Media.Segments)
	}
	sem := make(chan struct{}, variantLoadParallelism)
	var wg sync.WaitGroup
	for _, a := range all {
		if !want[a] {
			continue
		}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			mp, err := loadMedia(ctx, f, a.URI)
			if err != nil {
				a.Err = fmt.Errorf("audio %s: %w", a.Label(), err)
				return
			}
			a.Media = mp
		})
	}
	wg.Wait()
	for _, a := range all {
		if errors.Is(a.Err, ErrLimit) {
			return a.Err
		}
		if a.Media != nil {
			total += len(a.Media.Segments)
			p.PlaylistBytes += a.Media.bytes
			p.PlaylistTime += a.Media.took
		}
	}
	if total > MaxTotalSegments {
		return fmt.Errorf("playlist %s: %w: over %d segments in all playlists (max %d)",
			displayURL(p.URL), ErrLimit, total, MaxTotalSegments)
	}
	return nil
}
