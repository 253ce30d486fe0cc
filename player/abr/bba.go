package abr

import (
	"fmt"
	"time"
)

// BBA's rate map, scaled from the deployment in Huang et al., "A
// Buffer-Based Approach to Rate Adaptation" (SIGCOMM 2014): a 240 s
// buffer with a 90 s reservoir and a 126 s cushion, leaving 24 s (10%) of
// upper reservoir in which the top rate is always chosen.
const (
	bbaReservoirShare = 90.0 / 240
	bbaCushionShare   = 126.0 / 240
	// bbaUpperReservoirShare: the top of the cushion stays below 90% of
	// the buffer limit, or the top rate would never be reached.
	bbaUpperReservoirShare = 24.0 / 240
	// bbaMinReservoirSegments: the reservoir holds at least one segment;
	// below that, the next download at the lowest rate may already stall.
	bbaMinReservoirSegments = 1
	// bbaMinCushion keeps a ramp when the reservoir fills the buffer.
	bbaMinCushion = time.Second
)

// BBA is the buffer-based algorithm of Huang et al. BBA-0 maps the buffer
// level to a rate: the lowest rate up to the reservoir, the highest
// beyond reservoir + cushion, linear in between, with the paper's
// hysteresis (move up only once the map passes the next rate up, down
// only once it passes the next rate down). When the playlist gives the
// sizes of the next segments (VBR), BBA-1's chunk map replaces the rate
// map: the buffer maps to an allowed size of the next segment between the
// average segment sizes of the lowest and highest renditions, and the
// same rule runs on the next segment's real sizes.
//
// Reservoir and cushion are the paper's shares of the highest buffer a
// decision sees (BufferCeiling: 20 s with a 30 s limit and 10 s
// segments), the reservoir at least one segment, the cushion ending at 90%
// of that ceiling. BBA-1's dynamic reservoir is not modelled. The first segment,
// with no rendition to hold, comes from the startup policy. BBA has no
// state: the previous rate is Snapshot.Current.
type BBA struct {
	cfg BBAConfig
}

// BBAConfig tunes BBA; zero fields take the paper's shares.
type BBAConfig struct {
	// ReservoirShare and CushionShare are the reservoir and cushion as
	// shares of the buffer limit (defaults 90/240 and 126/240).
	ReservoirShare, CushionShare float64
}

func init() { register("bba", func() Strategy { return NewBBA(BBAConfig{}) }) }

// NewBBA returns the strategy with cfg (zero fields = defaults).
func NewBBA(cfg BBAConfig) *BBA {
	if cfg.ReservoirShare <= 0 || cfg.ReservoirShare >= 1 {
		cfg.ReservoirShare = bbaReservoirShare
	}
	if cfg.CushionShare <= 0 || cfg.CushionShare >= 1 {
		cfg.CushionShare = bbaCushionShare
	}
	return &BBA{cfg: cfg}
}

// Name implements Strategy.
func (*BBA) Name() string { return "bba" }

// Map returns the reservoir and cushion b uses for s.
func (b *BBA) Map(s Snapshot) (reservoir, cushion time.Duration) {
	ceiling := BufferCeiling(s)
	reservoir = max(scaleDuration(ceiling, b.cfg.ReservoirShare), bbaMinReservoirSegments*s.SegmentDuration)
	cushion = min(scaleDuration(ceiling, b.cfg.CushionShare), scaleDuration(ceiling, 1-bbaUpperReservoirShare)-reservoir)
	return reservoir, max(cushion, bbaMinCushion)
}

// Decide implements Strategy.
func (b *BBA) Decide(s Snapshot) Decision {
	n := len(s.Variants)
	if n == 0 {
		return Decision{Reason: "bba: no renditions"}
	}
	if s.Current < 0 {
		return StartupDecision(s)
	}
	prev := clampVariant(s.Current, n)
	r, cu := b.Map(s)
	var v int
	var why string
	switch {
	case s.Buffer <= r:
		v, why = 0, fmt.Sprintf("buf %.1fs ≤ reservoir %.1fs", s.Buffer.Seconds(), r.Seconds())
	case s.Buffer >= r+cu:
		v, why = n-1, fmt.Sprintf("buf %.1fs ≥ reservoir+cushion %.1fs", s.Buffer.Seconds(), (r+cu).Seconds())
	default:
		// size is the quantity the map allows: a rate (BBA-0) or the
		// next segment's bytes (BBA-1); both grow with the rendition.
		size, lo, hi, unit := b.measure(s)
		f := lo + (hi-lo)*(s.Buffer-r).Seconds()/cu.Seconds()
		up, down := min(prev+1, n-1), max(prev-1, 0)
		switch {
		case f >= size(up):
			v = 0
			for i := n - 1; i >= 0; i-- {
				if size(i) < f {
					v = i
					break
				}
			}
		case f <= size(down):
			v = n - 1
			for i := 0; i < n; i++ {
				if size(i) > f {
					v = i
					break
				}
			}
		default:
			v = prev
		}
		why = fmt.Sprintf("buf %.1fs in cushion, map %s", s.Buffer.Seconds(), unit(f))
	}
	return Decision{Variant: v, Reason: "bba: " + why + " → " + rungName(s.Variants, v), Deadline: DownloadDeadline(s, v)}
}

// measure returns BBA's ordering quantity per rendition, the map's range
// and a formatter: rates (BBA-0), or the next segment's sizes when the
// playlist gives any (BBA-1's chunk map, from average segment sizes).
func (*BBA) measure(s Snapshot) (size func(int) float64, lo, hi float64, unit func(float64) string) {
	n := len(s.Variants)
	rate := func(i int) float64 { return float64(s.Variants[i].Bitrate()) }
	known := false
	for i := range min(len(s.NextSizes), n) {
		if len(s.NextSizes[i]) > 0 && s.NextSizes[i][0] > 0 {
			known = true
		}
	}
	if !known || s.SegmentDuration <= 0 {
		return rate, rate(0), rate(n - 1), func(f float64) string { return fmt.Sprintf("%.2f Mbps", f/1e6) }
	}
	avg := func(i int) float64 { return rate(i) * s.SegmentDuration.Seconds() / 8 }
	size = func(i int) float64 { return float64(SegmentBytes(s, i)) }
	return size, avg(0), avg(n - 1), func(f float64) string { return fmt.Sprintf("%.0f kB (chunk map)", f/1e3) }
}
