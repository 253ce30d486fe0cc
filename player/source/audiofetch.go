package source

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"time"

	"smartplay/player/media"
)

// AudioObserver is an Observer that is also told how separate audio
// renditions recover. Optional: the controller checks for it.
type AudioObserver interface {
	// AudioFailover: audio segment audioSeg of rendition from (needed by
	// video segment segIndex) failed after its retries and was fetched
	// from the alternative to (the same NAME, else LANGUAGE, in another
	// group). err is the failure.
	AudioFailover(segIndex int, from, to *AudioRendition, audioSeg int, err error)
	// AudioSkipped: audio segment audioSeg of a failed on a and on every
	// alternative; the span [start, start+dur) of the video plays with
	// silence (the clock runs on).
	AudioSkipped(segIndex int, a *AudioRendition, audioSeg int, start, dur time.Duration, err error)
}

// audioPartKey identifies an audio segment of a rendition (its byte range).
type audioPartKey struct {
	rendition      int
	uri            string
	offset, length int64
}

// audioFetch is what fetching one video segment's audio cost.
type audioFetch struct {
	parts []media.AudioPart
	bytes int64
	took  time.Duration
}

// fetchAudio downloads the audio segments of rendition a that overlap the
// video segment vref (by time for VOD, by media sequence number when live),
// falling back per segment to alternatives and, as the last resort, to a
// lost part (silence). Only ctx's end is an error.
func (c *Controller) fetchAudio(ctx context.Context, i, v int, a *AudioRendition, vref SegmentRef) (audioFetch, error) {
	var out audioFetch
	refs, err := c.audioRefs(ctx, a, vref)
	if err != nil {
		c.log.Warn("audio rendition lacks the segment; playing silence", "segment", i, "audio", a.Label(), "err", err)
		if o, ok := c.obs.(AudioObserver); ok {
			o.AudioSkipped(i, a, -1, vref.Start, vref.Duration, err)
		}
		return out, ctx.Err()
	}
	for _, r := range refs {
		key := audioPartKey{rendition: a.Index, uri: r.URI, offset: r.Offset, length: r.Length}
		if done, ok := c.audioDone(key); ok { // straddles the previous video segment too
			out.parts = append(out.parts, done...)
			continue
		}
		before := len(out.parts)
		out, err = c.fetchAudioRef(ctx, i, v, a, r, out)
		if err != nil {
			return out, err
		}
		c.rememberAudio(key, out.parts[before:])
	}
	return out, nil
}

// fetchAudioRef fetches one audio segment into out: from a, else from an
// alternative, else as a lost part.
func (c *Controller) fetchAudioRef(ctx context.Context, i, v int, a *AudioRendition, r SegmentRef, out audioFetch) (audioFetch, error) {
	part, n, took, err := c.fetchAudioPart(ctx, i, v, a, r)
	out.bytes, out.took = out.bytes+n, out.took+took
	if err == nil {
		out.parts = append(out.parts, part)
		return out, nil
	}
	if ctx.Err() != nil {
		return out, context.Cause(ctx)
	}
	parts, n, took, ok := c.audioFailover(ctx, i, v, a, r, err)
	out.bytes, out.took = out.bytes+n, out.took+took
	if ok {
		out.parts = append(out.parts, parts...)
		return out, nil
	}
	if ctx.Err() != nil {
		return out, context.Cause(ctx)
	}
	c.log.Warn("audio segment lost on every alternative; its span plays silent", "segment", i,
		"audio", a.Label(), "audio_segment", r.Index, "err", err)
	if o, ok := c.obs.(AudioObserver); ok {
		o.AudioSkipped(i, a, r.Index, r.Start, r.Duration, err)
	}
	out.parts = append(out.parts, media.AudioPart{Index: r.Index, Rendition: a.Index, Start: r.Start, Duration: r.Duration})
	return out, nil
}

// maxAudioMemo: audio segments whose outcome (the parts: its bytes, an
// alternative's, or lost) is remembered, so that one straddling several
// video segments is fetched, failed over or reported once. A video
// segment overlaps a few audio segments at most.
const maxAudioMemo = 8

// audioMemo is one remembered audio segment.
type audioMemo struct {
	key   audioPartKey
	parts []media.AudioPart
}

func (c *Controller) audioDone(key audioPartKey) ([]media.AudioPart, bool) {
	for _, m := range c.audioMemo {
		if m.key == key {
			return m.parts, true
		}
	}
	return nil, false
}

func (c *Controller) rememberAudio(key audioPartKey, parts []media.AudioPart) {
	if len(c.audioMemo) == maxAudioMemo {
		c.audioMemo = slices.Delete(c.audioMemo, 0, 1)
	}
	c.audioMemo = append(c.audioMemo, audioMemo{key: key, parts: slices.Clone(parts)})
}

// audioFailover fetches the span of the failed segment r of a from the
// first alternative that delivers all of it.
func (c *Controller) audioFailover(ctx context.Context, i, v int, a *AudioRendition, r SegmentRef, cause error) ([]media.AudioPart, int64, time.Duration, bool) {
	var total int64
	var spent time.Duration
	for _, alt := range audioAlternatives(c.p.Audio, a) {
		refs, err := c.audioRefs(ctx, alt, r)
		if err != nil || len(refs) == 0 {
			continue
		}
		var parts []media.AudioPart
		for _, ar := range refs {
			part, n, took, err := c.fetchAudioPart(ctx, i, v, alt, ar)
			total, spent = total+n, spent+took
			if err != nil {
				parts = nil
				break
			}
			parts = append(parts, part)
		}
		if ctx.Err() != nil {
			return nil, total, spent, false
		}
		if parts != nil {
			c.log.Warn("audio segment failed; fetched from an alternative", "segment", i, "from", a.Label(),
				"to", alt.Label(), "audio_segment", r.Index, "err", cause)
			if o, ok := c.obs.(AudioObserver); ok {
				o.AudioFailover(i, a, alt, r.Index, cause)
			}
			return parts, total, spent, true
		}
	}
	return nil, total, spent, false
}

// fetchAudioPart downloads one audio segment (and its init section), or
// reuses the last one when it is the same (a segment that straddles two
// video segments is fetched once).
func (c *Controller) fetchAudioPart(ctx context.Context, i, v int, a *AudioRendition, r SegmentRef) (media.AudioPart, int64, time.Duration, error) {
	part := media.AudioPart{Index: r.Index, Rendition: a.Index, Start: r.Start, Duration: r.Duration}
	var spent time.Duration
	if r.Map != nil {
		init, err := c.initSection(ctx, i, v, *r.Map)
		if err != nil {
			return part, 0, 0, fmt.Errorf("audio init section %s: %w", displayURL(r.Map.URI), err)
		}
		part.Init = init
	}
	d, err := c.f.Fetch(ctx, Request{URL: r.URI, Offset: r.Offset, Length: r.Length,
		OnRetry: func(attempt int, err error, _ time.Duration) { c.obs.Retry(i, v, r.URI, attempt, err) }})
	var n int64
	if d != nil {
		n, spent = int64(len(d.Data)), d.Duration
		c.dataUsed.Add(n)
	}
	if err == nil && r.Length > 0 && int64(len(d.Data)) != r.Length {
		err = fmt.Errorf("%w: %d of %d bytes of the range", io.ErrUnexpectedEOF, len(d.Data), r.Length)
	}
	if err != nil {
		return part, n, spent, fmt.Errorf("audio segment %d (%s) %s: %w", r.Index, a.Label(), displayURL(r.URI), err)
	}
	part.Data = d.Data
	return part, n, spent, nil
}

// audioRefs returns the segments of a that cover the video segment vref:
// for VOD those overlapping [vref.Start, vref.End()) (audio segments need
// not align with video ones); live, the one with vref's media sequence
// number (its playlist reloaded when stale), positioned at vref.Start.
func (c *Controller) audioRefs(ctx context.Context, a *AudioRendition, vref SegmentRef) ([]SegmentRef, error) {
	if a.Media == nil {
		return nil, fmt.Errorf("audio %s: %w", a.Label(), ErrNoSegments)
	}
	if c.p.Live {
		r, err := c.audioLiveRef(ctx, a, vref.Seq)
		if err != nil {
			return nil, err
		}
		r.Start = vref.Start
		return []SegmentRef{r}, nil
	}
	segs := a.Media.Segments
	from, to := vref.Start+audioOverlapMin, vref.End()-audioOverlapMin
	k := sort.Search(len(segs), func(k int) bool { return segs[k].End() > from })
	var out []SegmentRef
	for ; k < len(segs) && segs[k].Start < to; k++ {
		out = append(out, segs[k])
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("audio %s: %w: nothing at %v–%v", a.Label(), errNotInWindow, vref.Start, vref.End())
	}
	return out, nil
}

// audioOverlapMin: an audio segment must overlap the video segment by more
// than this to be fetched with it; EXTINF rounding (milliseconds) must not
// pull in a neighbour whose packets all fall outside.
const audioOverlapMin = 5 * time.Millisecond

// audioLiveRef returns segment seq of a live audio rendition, reloading
// its playlist when its copy is stale or lacks seq.
func (c *Controller) audioLiveRef(ctx context.Context, a *AudioRendition, seq uint64) (SegmentRef, error) {
	lp := c.audioLists[a]
	if lp == nil {
		lp = &livePlaylist{mp: a.Media, loaded: a.Media.fetched}
		c.audioLists[a] = lp
	}
	find := func() (SegmentRef, bool) {
		segs := lp.mp.Segments
		if seq < segs[0].Seq || seq > segs[len(segs)-1].Seq {
			return SegmentRef{}, false
		}
		return segs[seq-segs[0].Seq], true
	}
	stale := time.Since(lp.loaded) >= lp.mp.TargetDuration
	if r, ok := find(); ok && (!stale || lp.mp.Ended) {
		return r, nil
	}
	mp, err := loadMedia(ctx, c.f, a.URI)
	if err != nil {
		return SegmentRef{}, fmt.Errorf("audio %s: %w", a.Label(), err)
	}
	lp.mp, lp.loaded = mp, time.Now()
	if r, ok := find(); ok {
		return r, nil
	}
	return SegmentRef{}, fmt.Errorf("audio %s: %w: seq %d", a.Label(), errNotInWindow, seq)
}
