package abr

import (
	_ "embed"
	"fmt"
	"time"
)

// Rule actions.
const (
	actPick     = "pick"      // a given rendition
	actFit      = "fit"       // the highest rendition whose bitrate ≤ factor × estimate
	actHold     = "hold"      // the current rendition
	actStepDown = "step_down" // steps (default 1) below the current rendition
	actDeadline = "deadline"  // the download's deadline (seconds, or 0/absent = DownloadDeadline)
)

//go:embed rules_default.json
var defaultRulesJSON []byte

// defaultRules is the embedded rule set, parsed once; a broken embedded
// file is a programming error that every test run catches.
var defaultRules = func() *Rules {
	r, err := NewRules(defaultRulesJSON)
	if err != nil {
		panic("abr: embedded rules_default.json: " + err.Error())
	}
	return r
}()

func init() {
	register("rules", func() Strategy { c := *defaultRules; return &c })
}

// DefaultRulesJSON returns a copy of the embedded default rule set, a
// starting point for a user's own.
func DefaultRulesJSON() []byte { return append([]byte(nil), defaultRulesJSON...) }

// Rules is a discrete-rules engine whose rules are data (JSON):
//
//	{"estimator": "ewma",                      // or "harmonic", "percentile"
//	 "rules": [
//	   {"name": "rate", "priority": "default",  // or "strong", "critical"
//	    "when": {"have_estimate": true},
//	    "then": {"action": "fit", "factor": 0.8}}]}
//
// Conditions (all optional, all must hold): buffer_below_s,
// buffer_at_least_s, buffer_below_segments, buffer_at_least_segments
// (in segment durations), throughput (a list of {"rung", "below",
// "at_least"} on estimate / that rendition's bitrate; false without an
// estimate), have_estimate, network (list of wifi, cellular, ethernet,
// unknown), signal_below, signal_at_least (false when the signal is
// unknown), segment_index_below, segment_index_at_least, current_below,
// current_at_least (false before the first segment). A rung is an index
// (negative counts from the top) or current, up, down, lowest, highest.
//
// Actions: pick (rendition), fit (factor: the highest rendition whose
// bitrate fits factor × estimate, the lowest if none), hold, step_down
// (steps, default 1), deadline (seconds; absent or 0 = DownloadDeadline).
//
// Every rule is checked on every decision. Among the matching rules that
// choose a rendition, the highest priority wins and, within it, the one
// listed first; a rule whose action cannot apply (fit without an
// estimate, hold or step_down before the first segment) is skipped. The
// deadline comes from the first matching deadline rule of the highest
// priority (none without one, and none at the lowest rendition). The
// decision carries the winning rule's priority, so an engine inside an
// Arbiter overrides others only where its rules say so. When no rule
// chooses, the engine holds the current rendition, or before the first
// segment follows the startup policy.
type Rules struct {
	estimator Estimator
	rules     []rule
}

// rule is a checked rule.
type rule struct {
	name     string
	priority Priority
	when     ruleWhen
	then     ruleThen
}

// NewRules parses a rule set. Errors wrap ErrBadRules and name the rule
// (its position and name) and the field.
func NewRules(data []byte) (*Rules, error) {
	est, rules, err := parseRules(data)
	if err != nil {
		return nil, err
	}
	r := &Rules{rules: rules}
	switch est {
	case "harmonic":
		r.estimator = NewHarmonicMean(0)
	case "percentile":
		r.estimator = NewSlidingPercentile(0, 0)
	default:
		r.estimator = DualEWMA{}
	}
	return r, nil
}

// Name implements Strategy.
func (r *Rules) Name() string { return "rules" }

// ruleCtx is what conditions and actions see.
type ruleCtx struct {
	s   Snapshot
	bps float64
	ok  bool // bps is an estimate
}

// Decide implements Strategy.
func (r *Rules) Decide(s Snapshot) Decision {
	n := len(s.Variants)
	if n == 0 {
		return Decision{Reason: "rules: no renditions"}
	}
	c := ruleCtx{s: s}
	c.bps, c.ok = r.estimator.Estimate(s.Samples)
	var win, dl *rule
	var v int
	var why string
	for i := range r.rules {
		ru := &r.rules[i]
		if !ru.when.match(c) {
			continue
		}
		if ru.then.Action == actDeadline {
			if dl == nil || ru.priority > dl.priority {
				dl = ru
			}
			continue
		}
		if win != nil && ru.priority <= win.priority {
			continue
		}
		if rv, rwhy, ok := ru.then.apply(c); ok {
			win, v, why = ru, rv, rwhy
		}
	}
	var d Decision
	switch {
	case win != nil:
		d = Decision{Variant: v, Priority: win.priority,
			Reason: fmt.Sprintf("rules: %q %s → %s", win.name, why, rungName(s.Variants, v))}
	case s.Current < 0:
		d = StartupDecision(s)
		d.Reason = "rules: no rule applies; " + d.Reason
		return d
	default:
		v = clampVariant(s.Current, n)
		d = Decision{Variant: v, Reason: "rules: no rule applies → hold " + rungName(s.Variants, v)}
	}
	if dl != nil && d.Variant > 0 {
		if dl.then.Seconds != nil && *dl.then.Seconds > 0 {
			d.Deadline = time.Duration(*dl.then.Seconds * float64(time.Second))
		} else {
			d.Deadline = DownloadDeadline(s, d.Variant)
		}
	}
	return d
}

// resolve turns a rung reference into an index of the ladder.
func (ref rungRef) resolve(s Snapshot) (int, bool) {
	n := len(s.Variants)
	cur := -1
	if s.Current >= 0 {
		cur = clampVariant(s.Current, n)
	}
	switch ref.name {
	case "":
		if ref.index < 0 {
			return clampVariant(n+ref.index, n), true
		}
		return clampVariant(ref.index, n), true
	case "lowest":
		return 0, true
	case "highest":
		return n - 1, true
	case "current":
		return cur, cur >= 0
	case "up":
		return min(cur+1, n-1), cur >= 0
	case "down":
		return max(cur-1, 0), cur >= 0
	}
	return 0, false
}

// match reports whether every present condition holds.
func (w *ruleWhen) match(c ruleCtx) bool {
	s := c.s
	buf := s.Buffer.Seconds()
	segs := 0.0
	if d := s.SegmentDuration.Seconds(); d > 0 {
		segs = buf / d
	} else if w.BufferBelowSegments != nil || w.BufferAtLeastSegments != nil {
		return false // no segment duration to count in
	}
	below := func(x float64, lim *float64) bool { return lim == nil || x < *lim }
	atLeast := func(x float64, lim *float64) bool { return lim == nil || x >= *lim }
	if !below(buf, w.BufferBelowS) || !atLeast(buf, w.BufferAtLeastS) ||
		!below(segs, w.BufferBelowSegments) || !atLeast(segs, w.BufferAtLeastSegments) {
		return false
	}
	if w.HaveEstimate != nil && *w.HaveEstimate != c.ok {
		return false
	}
	for _, t := range w.Throughput {
		v, ok := t.Rung.resolve(s)
		if !ok || !c.ok {
			return false
		}
		br := float64(s.Variants[v].Bitrate())
		if br <= 0 {
			return false
		}
		if ratio := c.bps / br; !below(ratio, t.Below) || !atLeast(ratio, t.AtLeast) {
			return false
		}
	}
	if len(w.Network) > 0 {
		found := false
		for _, n := range w.Network {
			found = found || NetworkType(n) == s.Network.Type || (n == "unknown" && s.Network.Type == NetworkUnknown)
		}
		if !found {
			return false
		}
	}
	ints := []struct {
		lo, hi *int
		val    int
		known  bool
	}{
		{w.SignalAtLeast, w.SignalBelow, s.Network.Signal, s.Network.Signal >= 0},
		{w.SegmentIndexAtLeast, w.SegmentIndexBelow, s.SegmentIndex, true},
		{w.CurrentAtLeast, w.CurrentBelow, s.Current, s.Current >= 0},
	}
	for _, in := range ints {
		if in.lo == nil && in.hi == nil {
			continue
		}
		if !in.known || (in.lo != nil && in.val < *in.lo) || (in.hi != nil && in.val >= *in.hi) {
			return false
		}
	}
	return true
}

// apply runs a rendition action: the rendition, a short why, and false
// when the action cannot apply to this snapshot.
func (t *ruleThen) apply(c ruleCtx) (v int, why string, ok bool) {
	s := c.s
	n := len(s.Variants)
	switch t.Action {
	case actPick:
		v, ok = t.Rendition.resolve(s)
		return v, "pick " + t.Rendition.String(), ok
	case actHold:
		if s.Current < 0 {
			return 0, "", false
		}
		return clampVariant(s.Current, n), "hold", true
	case actStepDown:
		if s.Current < 0 {
			return 0, "", false
		}
		steps := 1
		if t.Steps != nil {
			steps = *t.Steps
		}
		return max(clampVariant(s.Current, n)-steps, 0), fmt.Sprintf("step down %d", steps), true
	case actFit:
		if !c.ok {
			return 0, "", false
		}
		budget := *t.Factor * c.bps
		for i := n - 1; i > 0; i-- {
			if float64(s.Variants[i].Bitrate()) <= budget {
				v = i
				break
			}
		}
		return v, fmt.Sprintf("fit %.2g × %.2f Mbps", *t.Factor, c.bps/1e6), true
	}
	return 0, "", false
}
