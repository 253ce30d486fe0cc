package source

import (
	"context"
	"errors"
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

// step decides the rendition of segment i once the buffer has room and
// downloads it. A missed deadline aborts the download and refetches the
// same segment at once at the rendition EmergencyVariant picks, without a
// deadline (the "emergency downgrade"); a failed download is refetched one
// rung lower, then on a redundant copy of a failed rendition (fallback),
// and when none is left the segment is lost (a *lostError); a pin to
// another rendition abandons the download and decides
// again. Switches therefore happen only at segment boundaries.
func (c *Controller) step(ctx context.Context, i, count int, dur time.Duration, refOf refFunc, sizes [][]int64) (*media.Segment, error) {
	if err := c.waitRoom(ctx, dur); err != nil {
		return nil, err
	}
	for {
		s, err := c.fetchDecided(ctx, i, count, dur, refOf, sizes)
		if !errors.Is(err, ErrPinMoved) {
			return s, err
		}
	}
}

// fetchDecided makes one decision for segment i and fetches what it
// chose, falling back as step describes. It returns ErrPinMoved when the
// pin changed to another rendition before the segment was in.
func (c *Controller) fetchDecided(ctx context.Context, i, count int, dur time.Duration, refOf refFunc, sizes [][]int64) (*media.Segment, error) {
	watch := c.pinWatch()
	snap := c.snapshot(i, count, dur, sizes)
	d, pinned := c.decide(snap)
	c.obs.Decision(i, d, snap, pinned)
	v, deadline := d.Variant, d.Deadline
	var failed []int // renditions that failed this segment, in order
	for {
		if v == 0 {
			deadline = 0 // nothing lower to fall back to
		}
		ref, used, err := refOf(v)
		var smp abr.Sample
		if err == nil {
			v = used
			var s *media.Segment
			s, smp, err = c.download(ctx, i, v, ref, deadline, watch)
			if err == nil && !c.movedAway(watch, v) {
				c.current = v
				return s, nil
			}
			if err == nil || errors.Is(err, ErrPinMoved) {
				to := c.Pinned()
				if to < 0 { // back to auto meanwhile
					to = v
				}
				c.obs.Aborted(i, v, smp, ref.URI, to, fmt.Errorf("%w (%s)", ErrPinMoved, c.p.Variants[to].Label))
				return nil, ErrPinMoved
			}
		}
		if smp.Aborted { // recorded in the samples: tell the observer before anything else
			to := EmergencyVariant(c.variants, c.segmentSizes(sizes), v, smp, c.buf.Level(c.Position()), dur)
			c.obs.Aborted(i, v, smp, ref.URI, to, err)
			if ctx.Err() != nil {
				return nil, context.Cause(ctx)
			}
			c.log.Info("deadline missed; refetching lower", "segment", i, "variant", c.p.Variants[v].Label,
				"to", c.p.Variants[to].Label, "wasted_bytes", smp.Bytes, "why", err)
			v, deadline = to, 0
			continue
		}
		if ctx.Err() != nil {
			return nil, context.Cause(ctx)
		}
		c.obs.Error(i, v, ref.URI, err)
		failed = append(failed, v)
		next := fallback(c.variants, failed)
		if next < 0 {
			return nil, &lostError{seg: i, tried: failed, err: c.segmentError(i, v, ref.URI, err)}
		}
		c.log.Warn("segment download failed; refetching in another rendition",
			"segment", i, "variant", c.p.Variants[v].Label, "to", c.p.Variants[next].Label, "err", err)
		v = next
	}
}

// movedAway reports whether the pin changed, since watch was taken, to a
// rendition other than v.
func (c *Controller) movedAway(watch <-chan struct{}, v int) bool {
	select {
	case <-watch:
		return c.pinnedAway(v)
	default:
		return false
	}
}

// decide asks the pin or the strategy, and keeps the answer in range; it
// reports whether the pin decided.
func (c *Controller) decide(snap abr.Snapshot) (d abr.Decision, pinned bool) {
	if pin := c.Pinned(); pin >= 0 {
		d, pinned = abr.NewFixed(pin).Decide(snap), true
	} else {
		d = c.Strategy().Decide(snap)
	}
	if d.Variant < 0 || d.Variant >= len(c.variants) {
		c.log.Warn("strategy chose a rendition out of range; clamped", "variant", d.Variant, "renditions", len(c.variants))
		d.Variant = max(0, min(d.Variant, len(c.variants)-1))
	}
	d.Deadline = max(d.Deadline, 0)
	return d, pinned
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
		CellularCap:     c.cfg.CellularCap,
		DataBudget:      c.cfg.DataBudget,
		DataUsed:        c.DataUsed(),
	}
	if c.cfg.Last != nil {
		last := *c.cfg.Last
		s.Last = &last
	}
	return s
}

// download fetches segment i of rendition v (and its init section) within
// deadline (0 = none), and abandons it as a miss ahead of the deadline as
// soon as abr.ShouldAbandon projects its end past it (checked every
// abr.AbandonCheckInterval). It returns the sample it recorded: on a miss
// an aborted one (Aborted set), with the bytes that came in vain and the
// time spent (at least the deadline when the deadline itself cut it). When the
// pin moves (watch closes) to another rendition it gives up with
// ErrPinMoved and records nothing: a download cut short on purpose says
// nothing about the network.
func (c *Controller) download(ctx context.Context, i, v int, ref SegmentRef, deadline time.Duration, watch <-chan struct{}) (*media.Segment, abr.Sample, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	go func() {
		select {
		case <-watch:
			if c.pinnedAway(v) {
				cancel(ErrPinMoved)
			}
		case <-ctx.Done():
		}
	}()
	pinMoved := func() bool { return errors.Is(context.Cause(ctx), ErrPinMoved) }
	dctx, dstart := ctx, c.f.Now()
	abandon := context.CancelCauseFunc(func(error) {})
	if deadline > 0 {
		var cancel context.CancelFunc
		dctx, cancel = context.WithTimeoutCause(ctx, deadline, ErrDeadlineMissed)
		defer cancel()
		dctx, abandon = context.WithCancelCause(dctx)
		defer abandon(nil)
	}
	missed := func() bool { return deadline > 0 && ctx.Err() == nil && dctx.Err() != nil }
	sample := abr.Sample{Variant: v, Segment: i}
	abort := func(what string) (*media.Segment, abr.Sample, error) {
		sample.Aborted = true
		var pm *projectedMiss
		if errors.As(context.Cause(dctx), &pm) { // abandoned ahead of the deadline
			sample.Duration = max(sample.Duration, pm.elapsed)
			c.addSample(sample)
			return nil, sample, fmt.Errorf("%w: %s (%s%d bytes in)", ErrDeadlineMissed, pm.reason, what, sample.Bytes)
		}
		sample.Duration = max(sample.Duration, deadline)
		c.addSample(sample)
		return nil, sample, fmt.Errorf("%w after %v (%s%d bytes in)", ErrDeadlineMissed, deadline, what, sample.Bytes)
	}
	var init []byte
	if ref.Map != nil {
		var err error
		if init, err = c.initSection(dctx, i, v, *ref.Map); err != nil {
			if pinMoved() {
				return nil, sample, ErrPinMoved
			}
			if missed() {
				return abort("init section, ")
			}
			return nil, sample, fmt.Errorf("init section %s: %w", ref.Map.URI, err)
		}
	}
	req := Request{URL: ref.URI, Offset: ref.Offset, Length: ref.Length,
		OnRetry: func(attempt int, err error, _ time.Duration) { c.obs.Retry(i, v, ref.URI, attempt, err) }}
	if deadline > 0 { // abandoned as soon as its rate says the deadline is lost
		req.OnProgress = c.abandoner(dstart, deadline, c.expectedSegmentBytes(v, ref), abandon)
		req.ProgressEvery = abr.AbandonCheckInterval
	}
	d, err := c.f.Fetch(dctx, req)
	if err == nil && ref.Length > 0 && int64(len(d.Data)) != ref.Length {
		err = fmt.Errorf("%w: %d of %d bytes of the range", io.ErrUnexpectedEOF, len(d.Data), ref.Length)
	}
	if d != nil {
		sample.Bytes, sample.TTFB, sample.Duration = int64(len(d.Data)), d.TTFB, d.Duration
		c.dataUsed.Add(sample.Bytes)
	}
	if err != nil {
		if pinMoved() {
			return nil, sample, ErrPinMoved
		}
		if missed() {
			return abort("")
		}
		return nil, sample, err
	}
	seg := &media.Segment{Index: i, Variant: v, Start: ref.Start, Duration: ref.Duration,
		Init: init, Data: d.Data, Discontinuity: ref.Discontinuity}
	if a := c.p.Variants[v].Audio; a != nil { // demuxed audio: in the sample and under the deadline
		af, err := c.fetchAudio(dctx, i, v, a, ref)
		sample.Bytes, sample.Duration = sample.Bytes+af.bytes, sample.Duration+af.took
		if err != nil {
			if pinMoved() {
				return nil, sample, ErrPinMoved
			}
			if missed() {
				return abort("audio, ")
			}
			return nil, sample, err
		}
		seg.SeparateAudio, seg.Audio = true, af.parts
	}
	c.addSample(sample)
	c.obs.Downloaded(i, v, sample, d.URL)
	return seg, sample, nil
}

// initSection returns the EXT-X-MAP bytes, downloading each once.
func (c *Controller) initSection(ctx context.Context, i, v int, m MapRef) ([]byte, error) {
	if b, ok := c.inits[m]; ok {
		return b, nil
	}
	d, err := c.f.Fetch(ctx, Request{URL: m.URI, Offset: m.Offset, Length: m.Length, MaxBytes: MaxInitBytes,
		OnRetry: func(attempt int, err error, _ time.Duration) { c.obs.Retry(i, v, m.URI, attempt, err) }})
	if d != nil {
		c.dataUsed.Add(int64(len(d.Data)))
	}
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
