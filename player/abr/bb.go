package abr

import "fmt"

// Pensieve's BB (test/bb.py; ../shared/abr/SIMULATOR.md §3), a plain
// buffer-based rule: the lowest rendition below the reservoir, the highest
// above reservoir + cushion, and a linear map in between.
const (
	// BBReservoir is bb.py's RESEVOIR: below it, always the lowest rung.
	BBReservoir = 5.0 // seconds
	// BBCushion is bb.py's CUSHION: the buffer span over which the rule
	// climbs from the lowest to the highest rung.
	BBCushion = 10.0 // seconds
	// pensieveDefaultQuality is Pensieve's DEFAULT_QUALITY: the rung of the
	// first segment, fetched before anything is measured.
	pensieveDefaultQuality = 1
)

// BB is Pensieve's buffer-based baseline. It keeps no state between
// decisions; the first segment (nothing downloaded yet) is Pensieve's
// DEFAULT_QUALITY, rung 1.
type BB struct {
	reservoir, cushion float64 // seconds
}

func init() { register("bb", func() Strategy { return NewBB() }) }

// NewBB returns Pensieve's BB (BBReservoir, BBCushion).
func NewBB() *BB { return &BB{reservoir: BBReservoir, cushion: BBCushion} }

// Name implements Strategy.
func (*BB) Name() string { return "bb" }

// Decide implements Strategy: with b the buffer in seconds and n rungs,
// rung 0 if b < 5, rung n−1 if b ≥ 15, else int((n−1)·(b−5)/10)
// (truncated), computed in bb.py's order of float operations.
func (bb *BB) Decide(s Snapshot) Decision {
	n := len(s.Variants)
	if n == 0 {
		return Decision{Variant: 0, Reason: "bb: no renditions"}
	}
	if len(s.Samples) == 0 {
		v := clampVariant(pensieveDefaultQuality, n)
		return Decision{Variant: v, Reason: "bb: first segment at " + rungName(s.Variants, v)}
	}
	b := s.Buffer.Seconds()
	var v int
	switch {
	case b < bb.reservoir:
		v = 0
	case b >= bb.reservoir+bb.cushion:
		v = n - 1
	default:
		v = int(float64(float64(n-1)*(b-bb.reservoir)) / bb.cushion)
	}
	v = clampVariant(v, n)
	return Decision{Variant: v, Reason: fmt.Sprintf("bb: buffer %.1fs → %s", b, rungName(s.Variants, v))}
}
