package source

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"smartplay/player/abr"
	"smartplay/player/media"
)

// refFunc returns the reference of the segment being fetched in rendition
// v, and the rendition actually used (live playlists may lack it).
type refFunc func(v int) (SegmentRef, int, error)

// step decides the rendition of segment i once the buffer has room,
// downloads it, and on a missed deadline or a failed download refetches
// the same segment one rung lower at once (the "emergency downgrade"),
// without a deadline at the lowest rung. Switches therefore happen only
// at segment boundaries.
func (c *Controller) step(ctx context.Context, i, count int, dur time.Duration, refOf refFunc, sizes [][]int64) (*media.Segment, error) {
	if err := c.waitRoom(ctx, dur); err != nil {
		return nil, err
	}
	snap := c.snapshot(i, count, dur, sizes)
	d := c.decide(snap)
	c.obs.Decision(i, d, snap)
	v, deadline := d.Variant, d.Deadline
	for {
		ref, used, err := refOf(v)
		if err == nil {
			v = used
			var s *media.Segment
			if s, err = c.download(ctx, i, v, ref, deadline); err == nil {
				c.current = v
				return s, nil
			}
		}
		if ctx.Err() != nil {
			return nil, context.Cause(ctx)
		}
		c.obs.Error(i, v, ref.URI, err)
		if v == 0 {
			return nil, c.segmentError(i, v, ref.URI, err)
		}
		c.log.Warn("segment download failed; refetching one rendition lower",
			"segment", i, "variant", c.p.Variants[v].Label, "err", err)
		v--
		if v == 0 {
			deadline = 0
		}
	}
}

// decide asks the pin or the strategy, and keeps the answer in range.
func (c *Controller) decide(snap abr.Snapshot) abr.Decision {
	var d abr.Decision
	if pin := c.Pinned(); pin >= 0 {
		d = abr.NewFixed(pin).Decide(snap)
	} else {
		d = c.Strategy().Decide(snap)
	}
	if d.Variant < 0 || d.Variant >= len(c.variants) {
		c.log.Warn("strategy chose a rendition out of range; clamped", "variant", d.Variant, "renditions", len(c.variants))
		d.Variant = max(0, min(d.Variant, len(c.variants)-1))
	}
	d.Deadline = max(d.Deadline, 0)
	return d
}

// snapshot gathers what the strategy may look at before segment i.
func (c *Controller) snapshot(i, count int, dur time.Duration, sizes [][]int64) abr.Snapshot {
	c.mu.Lock()
	samples := slices.Clone(c.samples)
	c.mu.Unlock()
	s := abr.Snapshot{
		Now:             c.now().Sub(c.open),
		Buffer:          c.buf.Level(c.Position()),
		Playing:         c.playing(),
		Variants:        slices.Clone(c.variants),
		NextSizes:       sizes,
		Samples:         samples,
		Current:         c.current,
		SegmentIndex:    i,
		SegmentCount:    count,
		SegmentDuration: dur,
		MaxBuffer:       c.cfg.MaxBuffer,
		Network:         c.cfg.Network,
	}
	if c.cfg.Last != nil {
		last := *c.cfg.Last
		s.Last = &last
	}
	return s
}

// download fetches segment i of rendition v (and its init section) within
// deadline (0 = none). A miss is recorded as an aborted sample.
func (c *Controller) download(ctx context.Context, i, v int, ref SegmentRef, deadline time.Duration) (*media.Segment, error) {
	dctx := ctx
	if deadline > 0 {
		var cancel context.CancelFunc
		dctx, cancel = context.WithTimeoutCause(ctx, deadline, ErrDeadlineMissed)
		defer cancel()
	}
	missed := func() bool { return deadline > 0 && ctx.Err() == nil && dctx.Err() != nil }
	var init []byte
	if ref.Map != nil {
		var err error
		if init, err = c.initSection(dctx, i, v, *ref.Map); err != nil {
			if missed() {
				return nil, fmt.Errorf("%w after %v (init section)", ErrDeadlineMissed, deadline)
			}
			return nil, fmt.Errorf("init section %s: %w", ref.Map.URI, err)
		}
	}
	d, err := c.f.Fetch(dctx, Request{URL: ref.URI, Offset: ref.Offset, Length: ref.Length,
		OnRetry: func(attempt int, err error, _ time.Duration) { c.obs.Retry(i, v, ref.URI, attempt, err) }})
	if err == nil && ref.Length > 0 && int64(len(d.Data)) != ref.Length {
		err = fmt.Errorf("%w: %d of %d bytes of the range", io.ErrUnexpectedEOF, len(d.Data), ref.Length)
	}
	sample := abr.Sample{Variant: v, Segment: i}
	if d != nil {
		sample.Bytes, sample.TTFB, sample.Duration = int64(len(d.Data)), d.TTFB, d.Duration
	}
	if err != nil {
		if missed() {
			sample.Aborted = true
			if sample.Duration <= 0 {
				sample.Duration = deadline
			}
			c.addSample(sample)
			return nil, fmt.Errorf("%w after %v (%d bytes in)", ErrDeadlineMissed, deadline, sample.Bytes)
		}
		return nil, err
	}
	c.addSample(sample)
	c.obs.Downloaded(i, v, sample, d.URL)
	return &media.Segment{Index: i, Variant: v, Start: ref.Start, Duration: ref.Duration,
		Init: init, Data: d.Data, Discontinuity: ref.Discontinuity}, nil
}

// initSection returns the EXT-X-MAP bytes, downloading each once.
func (c *Controller) initSection(ctx context.Context, i, v int, m MapRef) ([]byte, error) {
	if b, ok := c.inits[m]; ok {
		return b, nil
	}
	d, err := c.f.Fetch(ctx, Request{URL: m.URI, Offset: m.Offset, Length: m.Length, MaxBytes: MaxInitBytes,
		OnRetry: func(attempt int, err error, _ time.Duration) { c.obs.Retry(i, v, m.URI, attempt, err) }})
	if err != nil {
		return nil, err
	}
	if m.Length > 0 && int64(len(d.Data)) != m.Length {
		return nil, fmt.Errorf("%w: %d of %d bytes of the range", io.ErrUnexpectedEOF, len(d.Data), m.Length)
	}
	if len(c.inits) >= maxInitCache {
		clear(c.inits)
	}
	c.inits[m] = d.Data
	return d.Data, nil
}
