package source

import (
	"errors"
	"fmt"
	"time"

	"smartplay/player/abr"
)

// Recovery of a segment that no rendition could deliver, and of live
// playlist reloads that fail.
const (
	// MaxConsecutiveSkips: a segment that fails on every rendition (and
	// every redundant copy) is skipped, its time played as the last
	// picture held and silence. This many in a row (30 s of the built-in
	// 10 s segments, the default buffer) is content that is gone, not a
	// hiccup: the controller stops with the last segment's error.
	MaxConsecutiveSkips = 3
	// liveReloadRetry is the least wait before a failed live playlist
	// reload is tried again (half the target duration when that is
	// longer, as after an unchanged reload).
	liveReloadRetry = 500 * time.Millisecond
)

// ErrSegmentLost: a segment could not be fetched from any rendition (the
// error wraps the last failure). Also a sentinel for errors.Is.
var ErrSegmentLost = errors.New("segment lost on every rendition")

// ErrContentGone: MaxConsecutiveSkips segments in a row were lost, or the
// whole presentation was.
var ErrContentGone = errors.New("content gone")

// RecoveryObserver is an Observer that is also told about the last-resort
// recoveries. It is optional: the controller checks for it.
type RecoveryObserver interface {
	// Skipped: segment segIndex could not be fetched from any rendition
	// (tried lists them in the order tried); playback goes on with the
	// next segment and the timeline stays continuous (a hole of
	// duration). err is the last failure.
	Skipped(segIndex int, tried []int, duration time.Duration, err error)
	// ReloadFailed: a live media playlist reload of rendition variant
	// failed (attempt counts the failures in a row); playback goes on
	// from the buffer (buffer is its level) and the reload is tried again
	// after wait.
	ReloadFailed(variant, attempt int, buffer, wait time.Duration, err error)
}

// lostError is a segment's last failure once every rendition was tried.
type lostError struct {
	seg   int
	tried []int
	err   error // segmentError of the last attempt
}

func (e *lostError) Error() string { return e.err.Error() }

// Unwrap gives the last failure and ErrSegmentLost.
func (e *lostError) Unwrap() []error { return []error{e.err, ErrSegmentLost} }

// sameContent reports whether two variants are redundant copies of one
// rendition (the same BANDWIDTH, RESOLUTION and CODECS under two URIs).
func sameContent(a, b abr.Variant) bool {
	return a.Bandwidth == b.Bandwidth && a.Width == b.Width && a.Height == b.Height && a.Codecs == b.Codecs
}

// fallback returns the rendition to try after failed (in the order they
// failed; the last is the one that just failed), or -1 when none is left:
// first one rung lower (the highest variant below the last failure that
// is not a copy of a failed one), then, once the lowest failed, a
// redundant copy of a failed rendition (lowest first).
func fallback(vs []abr.Variant, failed []int) int {
	tried := func(v int) bool {
		for _, f := range failed {
			if f == v {
				return true
			}
		}
		return false
	}
	copyOfFailed := func(v int) bool {
		for _, f := range failed {
			if f != v && sameContent(vs[f], vs[v]) {
				return true
			}
		}
		return false
	}
	last := failed[len(failed)-1]
	for v := last - 1; v >= 0; v-- {
		if !tried(v) && !copyOfFailed(v) {
			return v
		}
	}
	for v := range vs {
		if !tried(v) && copyOfFailed(v) {
			return v
		}
	}
	return -1
}

// skips counts lost segments for the skip-or-stop rule.
type skips struct {
	inRow, total, delivered int
}

// lost decides about a segment lost with err: nil to skip it (the
// observer is told), or the error that ends the controller.
func (c *Controller) lost(sk *skips, i int, dur time.Duration, err error) error {
	var le *lostError
	if !errors.As(err, &le) {
		return err
	}
	sk.inRow++
	sk.total++
	if sk.inRow >= MaxConsecutiveSkips {
		return fmt.Errorf("%w (%d segments in a row lost on every rendition): %w", ErrContentGone, sk.inRow, err)
	}
	c.log.Warn("segment lost on every rendition; skipped", "segment", i, "tried", len(le.tried), "err", err)
	if o, ok := c.obs.(RecoveryObserver); ok {
		o.Skipped(i, le.tried, dur, le.err)
	}
	return nil
}

// ended is the controller's result at the end of a VOD: an error when
// every segment was lost.
func (sk *skips) ended(last error) error {
	if sk.delivered == 0 && sk.total > 0 {
		return fmt.Errorf("%w (every segment lost): %w", ErrContentGone, last)
	}
	return nil
}

// reloadFailed tells the observer about a failed live reload and returns
// how long to wait before the next attempt, or the error that stops the
// controller once the buffer has run dry.
func (c *Controller) reloadFailed(v, attempt int, target time.Duration, err error) (time.Duration, error) {
	level := c.buf.Level(c.Position())
	if level <= 0 && attempt > 1 {
		return 0, fmt.Errorf("%w (%d reloads failed in a row, the buffer ran dry)", err, attempt)
	}
	wait := max(target/2, liveReloadRetry)
	c.log.Warn("live playlist reload failed; playing from the buffer", "variant", c.p.Variants[v].Label,
		"attempt", attempt, "buffer", level, "retry_in", wait, "err", err)
	if o, ok := c.obs.(RecoveryObserver); ok {
		o.ReloadFailed(v, attempt, level, wait, err)
	}
	return wait, nil
}

// Unavailable is a rendition left out at Open: its media playlist failed
// to load while others loaded.
type Unavailable struct {
	Label, URI string
	Err        error
}

// keepLoaded returns the variants whose playlist loaded, re-indexed, and
// the others; with none loaded, the first variant's error.
func keepLoaded(vs []*Variant, errs []error) ([]*Variant, []Unavailable, error) {
	var ok []*Variant
	var gone []Unavailable
	var first error
	for i, v := range vs {
		if errs[i] == nil && v.Media != nil {
			ok = append(ok, v)
			continue
		}
		if first == nil {
			first = errs[i]
		}
		gone = append(gone, Unavailable{Label: v.Label, URI: v.URI, Err: errs[i]})
	}
	if len(ok) == 0 {
		if first == nil {
			first = ErrNoVariants
		}
		return nil, nil, first
	}
	for i, v := range ok {
		v.Index = i
	}
	return ok, gone, nil
}
