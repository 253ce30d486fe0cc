package abr

import "strings"

// NoOpinion is the Variant of a decision that abstains: a member of an
// Arbiter returns it when it has nothing to say this time (dash.js's
// SwitchRequest.NO_CHANGE), e.g. a safety rule with a healthy buffer.
// Only arbiter members may abstain: whatever a player or simulator gets
// from a strategy is a real rendition.
const NoOpinion = -1

// Abstain is the decision of a member with no opinion.
func Abstain(reason string) Decision { return Decision{Variant: NoOpinion, Reason: reason} }

// Arbiter composes strategies, after dash.js's ABRRulesCollection
// (getMaxQuality / getMinSwitchRequest): every member decides on every
// segment (so stateful members see every snapshot), members that abstain
// are left out, the highest Priority among the rest wins, and among the
// decisions of that priority the lowest rendition wins: it is the safest,
// and it lets a member act as a cap on the others (a rule that says
// "at most 720p" at the same priority). On equal renditions the member
// listed first wins. The winner's deadline and priority are kept, and its
// reason is prefixed with its name so the log says who decided.
//
// When every member abstains the arbiter holds the current rendition, or,
// before the first segment, follows the startup policy (StartupDecision).
type Arbiter struct {
	name    string
	members []Strategy
}

// NewArbiter composes members under name (which Name returns).
func NewArbiter(name string, members ...Strategy) *Arbiter {
	return &Arbiter{name: name, members: members}
}

// Name implements Strategy.
func (a *Arbiter) Name() string { return a.name }

// Members are the composed strategies in order.
func (a *Arbiter) Members() []Strategy { return a.members }

// Decide implements Strategy.
func (a *Arbiter) Decide(s Snapshot) Decision {
	n := len(s.Variants)
	if n == 0 {
		return Decision{Reason: a.name + ": no renditions"}
	}
	best, found := Decision{}, false
	var who string
	for _, m := range a.members {
		d := m.Decide(s)
		if d.Variant < 0 {
			continue
		}
		d.Variant = clampVariant(d.Variant, n)
		if !found || d.Priority > best.Priority || (d.Priority == best.Priority && d.Variant < best.Variant) {
			best, found, who = d, true, m.Name()
		}
	}
	if !found {
		if s.Current >= 0 {
			v := clampVariant(s.Current, n)
			return Decision{Variant: v, Reason: a.name + ": no opinion → hold " + rungName(s.Variants, v),
				Deadline: DownloadDeadline(s, v)}
		}
		d := StartupDecision(s)
		d.Reason = a.name + ": " + d.Reason
		return d
	}
	if !strings.HasPrefix(best.Reason, who+":") && !strings.HasPrefix(best.Reason, who+" ") {
		best.Reason = who + ": " + best.Reason
	}
	return best
}

// Observe implements SegmentObserver: each member that learns from
// downloads gets the sample.
func (a *Arbiter) Observe(x Sample) {
	for _, m := range a.members {
		if o, ok := m.(SegmentObserver); ok {
			o.Observe(x)
		}
	}
}

// Reset implements Resetter: each member with state clears it.
func (a *Arbiter) Reset() {
	for _, m := range a.members {
		if r, ok := m.(Resetter); ok {
			r.Reset()
		}
	}
}
