package abr

// Fixed always picks the same rendition, like a player with a quality
// menu set by hand. It is what `--quality 720p` and the 1..9 keys use.
type Fixed struct {
	variant int
}

func init() { register("fixed", func() Strategy { return NewFixed(0) }) }

// NewFixed returns a strategy that always chooses the rendition with
// index variant (ascending by bandwidth), clamped to the ladder.
func NewFixed(variant int) Strategy { return &Fixed{variant: variant} }

// Name implements Strategy.
func (f *Fixed) Name() string { return "fixed" }

// Variant is the requested rendition index (before clamping).
func (f *Fixed) Variant() int { return f.variant }

// Decide implements Strategy. It never sets a deadline: with a pinned
// rendition there is nothing to fall back to by choice.
func (f *Fixed) Decide(s Snapshot) Decision {
	if len(s.Variants) == 0 {
		return Decision{Variant: 0, Reason: "fixed: no renditions"}
	}
	v := clampVariant(f.variant, len(s.Variants))
	reason := "fixed " + rungName(s.Variants, v)
	if v != f.variant {
		reason += " (clamped)"
	}
	return Decision{Variant: v, Reason: reason}
}
