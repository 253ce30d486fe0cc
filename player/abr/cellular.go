package abr

import (
	"fmt"
	"time"
)

// CellularPlanHorizon: when the end of the stream is unknown (live), the
// data budget left is spread over this much more viewing. Half an hour
// is a long sitting; the horizon slides, so the cap tightens gradually as
// the budget runs low instead of falling off a cliff when it is spent.
const CellularPlanHorizon = 30 * time.Minute

// Cellular wraps a strategy with the cellular data policy. On a cellular
// network (Snapshot.Network.Type) it enforces the bitrate cap
// (Snapshot.CellularCap) and the session's data budget
// (Snapshot.DataBudget): the bytes left (budget − DataUsed, or the bytes
// of the samples when more) are spread over the media left to play (the
// rest of a VOD presentation, else CellularPlanHorizon), and no rendition
// above that rate is chosen, so it steps down as the budget runs low and
// stays at the lowest once it is spent. A capped decision gets
// PriorityStrong (a budget rule overrides default opinions) and its
// deadline recomputed for the lower rendition. Off cellular, or with
// neither cap nor budget, the inner decision passes unchanged.
type Cellular struct {
	inner Strategy
}

// NewCellular wraps inner.
func NewCellular(inner Strategy) *Cellular { return &Cellular{inner: inner} }

// Name implements Strategy: the wrapper is transparent.
func (c *Cellular) Name() string { return c.inner.Name() }

// Inner is the wrapped strategy.
func (c *Cellular) Inner() Strategy { return c.inner }

// Decide implements Strategy.
func (c *Cellular) Decide(s Snapshot) Decision {
	d := c.inner.Decide(s)
	if s.Network.Type != NetworkCellular || len(s.Variants) == 0 {
		return d
	}
	limit, why, ok := CellularLimit(s)
	if !ok || d.Variant <= limit {
		return d
	}
	d.Reason = fmt.Sprintf("cellular: %s → %s (over %s)", why, rungName(s.Variants, limit), d.Reason)
	d.Variant = limit
	d.Priority = max(d.Priority, PriorityStrong)
	if d.Deadline > 0 {
		d.Deadline = DownloadDeadline(s, limit)
	}
	return d
}

// CellularLimit is the highest rendition the cap and the data budget of s
// allow, why, and false when neither limits anything. It does not look at
// the network type.
func CellularLimit(s Snapshot) (limit int, why string, ok bool) {
	n := len(s.Variants)
	if n == 0 {
		return 0, "", false
	}
	highestUnder := func(bps float64) int {
		v := 0
		for i := n - 1; i > 0; i-- {
			if float64(s.Variants[i].Bitrate()) <= bps {
				v = i
				break
			}
		}
		return v
	}
	limit = n - 1
	if s.CellularCap > 0 {
		if v := highestUnder(float64(s.CellularCap)); v < limit {
			limit, why, ok = v, fmt.Sprintf("cap %.2f Mbps", float64(s.CellularCap)/1e6), true
		}
	}
	if s.DataBudget > 0 {
		used := s.DataUsed
		var sum int64
		for _, x := range s.Samples {
			sum += max(x.Bytes, 0)
		}
		used = max(used, sum)
		left := s.DataBudget - used
		if left <= 0 {
			return 0, fmt.Sprintf("data budget of %.0f MB spent", float64(s.DataBudget)/1e6), true
		}
		horizon := CellularPlanHorizon
		if s.SegmentCount > 0 && s.SegmentDuration > 0 {
			horizon = time.Duration(max(s.SegmentCount-s.SegmentIndex, 1)) * s.SegmentDuration
		}
		rate := float64(left) * 8 / horizon.Seconds()
		if v := highestUnder(rate); v < limit {
			limit, ok = v, true
			why = fmt.Sprintf("%.0f MB left for %s → %.2f Mbps", float64(left)/1e6, horizon.Round(time.Second), rate/1e6)
		}
	}
	return limit, why, ok
}

// Observe implements SegmentObserver for an inner strategy that learns.
func (c *Cellular) Observe(x Sample) {
	if o, ok := c.inner.(SegmentObserver); ok {
		o.Observe(x)
	}
}

// Reset implements Resetter for an inner strategy with state.
func (c *Cellular) Reset() {
	if r, ok := c.inner.(Resetter); ok {
		r.Reset()
	}
}
