package source

import (
	"time"

	"smartplay/player/abr"
)

// EmergencyMargin: a refetch after a missed deadline must be expected to
// finish within the remaining buffer divided by this. The rate it is
// judged by was measured on a link that just failed us, and a second miss
// would only add to the stall, so the refetch is chosen with room to
// spare (and gets no deadline of its own).
const EmergencyMargin = 1.5

// EmergencyVariant picks the rendition to refetch a segment at after the
// download at rendition missed (its deadline cut it): the highest lower
// rendition whose copy of the segment should arrive, at the rate the
// aborted attempt measured, within buffer / EmergencyMargin; the lowest
// when none does or nothing was measured. sizes[v] is the segment's size
// at rendition v when the playlist gives it (else 0: the rendition's
// bitrate × dur is used).
func EmergencyVariant(variants []abr.Variant, sizes []int64, missed int, aborted abr.Sample, buffer, dur time.Duration) int {
	rate := aborted.Throughput() // bits per second
	budget := buffer.Seconds() / EmergencyMargin
	if missed > len(variants) {
		missed = len(variants)
	}
	for v := missed - 1; v > 0; v-- {
		bits := float64(variants[v].Bitrate()) * dur.Seconds()
		if v < len(sizes) && sizes[v] > 0 {
			bits = float64(sizes[v]) * 8
		}
		if rate > 0 && bits > 0 && bits/rate <= budget {
			return v
		}
	}
	return 0
}

// segmentSizes returns the size of segment k of each rendition when the
// playlist gives it (BYTERANGE), else 0.
func (c *Controller) segmentSizes(sizes [][]int64) []int64 {
	out := make([]int64, len(c.variants))
	for v := range out {
		if v < len(sizes) && len(sizes[v]) > 0 {
			out[v] = sizes[v][0]
		}
	}
	return out
}
