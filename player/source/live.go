package source

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// minLiveReload: a playlist with a tiny (or zero) target duration must not
// make us hammer the origin with reloads.
const minLiveReload = 100 * time.Millisecond

// livePlaylist is the freshest copy of one rendition's live playlist.
type livePlaylist struct {
	mp     *MediaPlaylist
	loaded time.Time     // wall time of the last load
	wait   time.Duration // until the next reload is due
}

// errNotInWindow: the wanted segment is not (or no longer) in a playlist.
var errNotInWindow = errors.New("segment not in the live window")

// runLive plays a live presentation: it starts LiveEdgeSegments before the
// live edge, reloads the media playlist of the rendition it needs every
// target duration (half of it after an unchanged reload, as the HLS spec
// says) and aligns renditions by media sequence number. Segments get a
// session timeline starting at 0. It returns nil when the playlist ends
// (EXT-X-ENDLIST appears) and the last segment is queued.
func (c *Controller) runLive(ctx context.Context) error {
	lists := make([]livePlaylist, len(c.p.Variants))
	for i, v := range c.p.Variants {
		lists[i] = livePlaylist{mp: v.Media, loaded: v.Media.fetched, wait: reloadWait(v.Media, true)}
	}
	// A playlist loaded long before Run (Open, then a wait) has a stale
	// edge: reload it before picking where to start.
	if time.Since(lists[0].loaded) >= lists[0].mp.TargetDuration {
		if err := c.reload(ctx, lists, 0); err != nil {
			// The copy from Open still names segments: start from it.
			c.log.Warn("live playlist reload failed; starting from the copy loaded at open", "err", err)
		}
	}
	var sk skips
	first := lists[0].mp.Segments
	nextSeq := first[max(0, len(first)-LiveEdgeSegments)].Seq
	var start time.Duration
	for idx := 0; ; idx++ {
		tv := max(c.current, 0) // the rendition whose playlist paces us
		ref, ended, err := c.liveFind(ctx, lists, tv, nextSeq)
		if err != nil {
			return err
		}
		if ended {
			c.buf.Close(nil)
			return nil
		}
		skipped := ref.Seq != nextSeq
		if skipped {
			c.log.Warn("fell behind the live window; skipping ahead", "wanted", nextSeq, "first", ref.Seq)
		}
		seq := ref.Seq
		refOf := func(v int) (SegmentRef, int, error) {
			if v == tv {
				return ref, tv, nil
			}
			r, err := c.liveRef(ctx, lists, v, seq)
			if err != nil {
				c.log.Debug("rendition lacks the live segment; staying", "variant", c.p.Variants[v].Label, "seq", seq, "err", err)
				return ref, tv, nil
			}
			return r, v, nil
		}
		s, err := c.step(ctx, idx, 0, ref.Duration, refOf, nil)
		if err != nil {
			if ferr := c.lost(&sk, idx, ref.Duration, err); ferr != nil {
				return ferr
			}
			start += ref.Duration // the hole keeps the timeline continuous
			nextSeq = seq + 1
			continue
		}
		sk.inRow = 0
		for k := range s.Audio { // parts were placed at the playlist's time
			s.Audio[k].Start += start - s.Start
		}
		s.Start = start
		s.Discontinuity = s.Discontinuity || skipped
		start += s.Duration
		mp := lists[s.Variant].mp
		s.Last = mp.Ended && seq == mp.Segments[len(mp.Segments)-1].Seq
		c.buf.Push(s)
		if s.Last {
			c.buf.Close(nil)
			return nil
		}
		nextSeq = seq + 1
	}
}

// liveFind returns segment seq of rendition v, reloading its playlist as
// often as allowed until the segment appears. When seq has already left
// the window it returns the oldest segment still there; ended is true when
// the playlist has ended before seq. A failed reload is retried while the
// buffer lasts (reloadFailed).
func (c *Controller) liveFind(ctx context.Context, lists []livePlaylist, v int, seq uint64) (ref SegmentRef, ended bool, err error) {
	failures := 0 // reloads failed in a row
	for {
		mp := lists[v].mp
		segs := mp.Segments
		switch {
		case seq < segs[0].Seq:
			return segs[0], false, nil
		case seq <= segs[len(segs)-1].Seq:
			return segs[seq-segs[0].Seq], false, nil
		case mp.Ended:
			return SegmentRef{}, true, nil
		}
		wait := lists[v].wait - time.Since(lists[v].loaded)
		if wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return SegmentRef{}, false, context.Cause(ctx)
			case <-t.C:
			}
		}
		if err := c.reload(ctx, lists, v); err != nil {
			failures++
			wait, err := c.reloadFailed(v, failures, mp.TargetDuration, err)
			if err != nil {
				return SegmentRef{}, false, err
			}
			lists[v].loaded, lists[v].wait = time.Now(), wait
			continue
		}
		failures = 0
	}
}

// liveRef returns segment seq of rendition v without waiting: one reload
// if its copy is stale or lacks seq.
func (c *Controller) liveRef(ctx context.Context, lists []livePlaylist, v int, seq uint64) (SegmentRef, error) {
	find := func() (SegmentRef, bool) {
		segs := lists[v].mp.Segments
		if seq < segs[0].Seq || seq > segs[len(segs)-1].Seq {
			return SegmentRef{}, false
		}
		return segs[seq-segs[0].Seq], true
	}
	stale := time.Since(lists[v].loaded) >= lists[v].mp.TargetDuration
	if r, ok := find(); ok && !stale {
		return r, nil
	}
	if err := c.reload(ctx, lists, v); err != nil {
		return SegmentRef{}, err
	}
	if r, ok := find(); ok {
		return r, nil
	}
	return SegmentRef{}, fmt.Errorf("%w: seq %d", errNotInWindow, seq)
}

// reload fetches rendition v's playlist again.
func (c *Controller) reload(ctx context.Context, lists []livePlaylist, v int) error {
	mp, err := loadMedia(ctx, c.f, c.p.Variants[v].URI)
	if err != nil {
		return fmt.Errorf("variant %s: %w", c.p.Variants[v].Label, err)
	}
	old := lists[v].mp
	changed := mp.Segments[len(mp.Segments)-1].Seq != old.Segments[len(old.Segments)-1].Seq || mp.Ended != old.Ended
	lists[v] = livePlaylist{mp: mp, loaded: time.Now(), wait: reloadWait(mp, changed)}
	return nil
}

// reloadWait is the HLS reload interval: the target duration after a
// playlist changed, half of it after it did not.
func reloadWait(mp *MediaPlaylist, changed bool) time.Duration {
	w := mp.TargetDuration
	if !changed {
		w /= 2
	}
	return max(w, minLiveReload)
}
