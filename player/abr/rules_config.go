package abr

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
)

// Limits on a rule set (it may come from a user's file).
const (
	maxRules        = 256
	maxRuleNameLen  = 100
	maxFitFactor    = 4.0  // more than 4× the estimate is no longer a fit
	maxStepDown     = 16   // more rungs than any ladder has
	maxDeadlineSecs = 3600 // an hour: anything longer is no deadline
	maxSignal       = 4    // NetworkHint.Signal's top
)

// ruleSetJSON is the file: an estimator name and the rules in order.
type ruleSetJSON struct {
	Estimator string            `json:"estimator"`
	Rules     []json.RawMessage `json:"rules"`
}

type ruleJSON struct {
	Name     string   `json:"name"`
	Priority string   `json:"priority"`
	When     ruleWhen `json:"when"`
	Then     ruleThen `json:"then"`
}

// ruleWhen holds a rule's conditions; absent ones always hold, present
// ones must all hold.
type ruleWhen struct {
	BufferBelowS          *float64    `json:"buffer_below_s"`
	BufferAtLeastS        *float64    `json:"buffer_at_least_s"`
	BufferBelowSegments   *float64    `json:"buffer_below_segments"`
	BufferAtLeastSegments *float64    `json:"buffer_at_least_segments"`
	Throughput            []ratioCond `json:"throughput"`
	HaveEstimate          *bool       `json:"have_estimate"`
	Network               []string    `json:"network"`
	SignalBelow           *int        `json:"signal_below"`
	SignalAtLeast         *int        `json:"signal_at_least"`
	SegmentIndexBelow     *int        `json:"segment_index_below"`
	SegmentIndexAtLeast   *int        `json:"segment_index_at_least"`
	CurrentBelow          *int        `json:"current_below"`
	CurrentAtLeast        *int        `json:"current_at_least"`
}

// ratioCond compares estimated throughput / the Bitrate of a rendition.
type ratioCond struct {
	Rung    *rungRef `json:"rung"`
	Below   *float64 `json:"below"`
	AtLeast *float64 `json:"at_least"`
}

type ruleThen struct {
	Action    string   `json:"action"`
	Rendition *rungRef `json:"rendition"`
	Factor    *float64 `json:"factor"`
	Steps     *int     `json:"steps"`
	Seconds   *float64 `json:"seconds"`
}

// rungRef names a rendition: an index (negative counts from the top,
// -1 = highest) or one of "current", "up", "down", "lowest", "highest".
// A bad value is kept in err and reported by the checks, which know the
// field's path.
type rungRef struct {
	name  string
	index int
	err   error
}

var rungNames = []string{"current", "up", "down", "lowest", "highest"}

// UnmarshalJSON accepts an integer or a rung name.
func (r *rungRef) UnmarshalJSON(b []byte) error {
	*r = rungRef{}
	var name string
	if err := json.Unmarshal(b, &name); err == nil {
		for _, n := range rungNames {
			if name == n {
				r.name = name
				return nil
			}
		}
		r.err = fmt.Errorf("unknown rendition %q (want an index or one of %s)", name, strings.Join(rungNames, ", "))
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil || f != math.Trunc(f) || math.Abs(f) > 1000 {
		r.err = fmt.Errorf("%.40s is neither an integer index nor one of %s", b, strings.Join(rungNames, ", "))
		return nil
	}
	r.index = int(f)
	return nil
}

// String is the reference as written.
func (r rungRef) String() string {
	if r.name != "" {
		return r.name
	}
	return fmt.Sprint(r.index)
}

// parseRules reads and checks a rule set; every error wraps ErrBadRules
// and says which rule and which field.
func parseRules(data []byte) (estimatorName string, rules []rule, err error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var set ruleSetJSON
	if err := dec.Decode(&set); err != nil {
		return "", nil, fmt.Errorf("%w: %s", ErrBadRules, jsonErr(data, err))
	}
	if dec.More() {
		return "", nil, fmt.Errorf("%w: data after the rule set", ErrBadRules)
	}
	switch set.Estimator {
	case "", "ewma", "harmonic", "percentile":
	default:
		return "", nil, fmt.Errorf("%w: field \"estimator\": unknown estimator %q (want ewma, harmonic or percentile)", ErrBadRules, set.Estimator)
	}
	if len(set.Rules) == 0 {
		return "", nil, fmt.Errorf("%w: field \"rules\": no rules", ErrBadRules)
	}
	if len(set.Rules) > maxRules {
		return "", nil, fmt.Errorf("%w: field \"rules\": %d rules, at most %d", ErrBadRules, len(set.Rules), maxRules)
	}
	for i, raw := range set.Rules {
		var rj ruleJSON
		d := json.NewDecoder(bytes.NewReader(raw))
		d.DisallowUnknownFields()
		if err := d.Decode(&rj); err != nil {
			return "", nil, fmt.Errorf("%w: rule %d: %s", ErrBadRules, i+1, jsonErr(raw, err))
		}
		ru, field, err := compileRule(rj)
		if err != nil {
			name := ""
			if rj.Name != "" && len(rj.Name) <= maxRuleNameLen {
				name = fmt.Sprintf(" (%q)", rj.Name)
			}
			return "", nil, fmt.Errorf("%w: rule %d%s: field %q: %v", ErrBadRules, i+1, name, field, err)
		}
		rules = append(rules, ru)
	}
	return set.Estimator, rules, nil
}

// jsonErr describes a decoding error with its line and column or field.
func jsonErr(data []byte, err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "unexpected end of the input (an unclosed brace or bracket?)"
	case errors.As(err, &syn):
		line, col := lineCol(data, syn.Offset-1) // Offset is just past the bad byte
		return fmt.Sprintf("line %d column %d: %v", line, col, syn)
	case errors.As(err, &typ):
		return fmt.Sprintf("field %q: %s where %s is wanted", typ.Field, typ.Value, typ.Type)
	}
	return err.Error()
}

func lineCol(data []byte, off int64) (line, col int) {
	line, col = 1, 1
	for i := int64(0); i < off && i < int64(len(data)); i++ {
		if data[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// compileRule checks one rule and returns it, or the offending field.
func compileRule(rj ruleJSON) (ru rule, field string, err error) {
	if strings.TrimSpace(rj.Name) == "" {
		return ru, "name", errors.New("missing (every rule needs a name for the log)")
	}
	if len(rj.Name) > maxRuleNameLen {
		return ru, "name", fmt.Errorf("longer than %d bytes", maxRuleNameLen)
	}
	ru.name = rj.Name
	switch rj.Priority {
	case "", "default":
		ru.priority = PriorityDefault
	case "strong":
		ru.priority = PriorityStrong
	case "critical":
		ru.priority = PriorityCritical
	default:
		return ru, "priority", fmt.Errorf("unknown priority %q (want default, strong or critical)", rj.Priority)
	}
	if field, err := checkWhen(rj.When); err != nil {
		return ru, "when." + field, err
	}
	ru.when = rj.When
	if field, err := checkThen(rj.Then); err != nil {
		return ru, "then." + field, err
	}
	ru.then = rj.Then
	return ru, "", nil
}

func checkWhen(w ruleWhen) (field string, err error) {
	for _, f := range []struct {
		name string
		v    *float64
	}{{"buffer_below_s", w.BufferBelowS}, {"buffer_at_least_s", w.BufferAtLeastS},
		{"buffer_below_segments", w.BufferBelowSegments}, {"buffer_at_least_segments", w.BufferAtLeastSegments}} {
		if f.v != nil && *f.v < 0 {
			return f.name, fmt.Errorf("%v is negative", *f.v)
		}
	}
	for i, c := range w.Throughput {
		name := fmt.Sprintf("throughput[%d]", i)
		switch {
		case c.Rung == nil:
			return name + ".rung", errors.New("missing (which rendition's bitrate to compare with)")
		case c.Rung.err != nil:
			return name + ".rung", c.Rung.err
		case c.Below == nil && c.AtLeast == nil:
			return name, errors.New("needs \"below\" or \"at_least\"")
		case c.Below != nil && *c.Below <= 0:
			return name + ".below", fmt.Errorf("%v is not a positive ratio", *c.Below)
		case c.AtLeast != nil && *c.AtLeast <= 0:
			return name + ".at_least", fmt.Errorf("%v is not a positive ratio", *c.AtLeast)
		}
	}
	for i, n := range w.Network {
		switch NetworkType(n) {
		case NetworkWiFi, NetworkCellular, NetworkEthernet:
		default:
			if n != "unknown" {
				return fmt.Sprintf("network[%d]", i), fmt.Errorf("unknown network %q (want wifi, cellular, ethernet or unknown)", n)
			}
		}
	}
	for _, f := range []struct {
		name   string
		v      *int
		lo, hi int
	}{{"signal_below", w.SignalBelow, 0, maxSignal + 1}, {"signal_at_least", w.SignalAtLeast, 0, maxSignal},
		{"segment_index_below", w.SegmentIndexBelow, 0, math.MaxInt32}, {"segment_index_at_least", w.SegmentIndexAtLeast, 0, math.MaxInt32},
		{"current_below", w.CurrentBelow, 0, 1000}, {"current_at_least", w.CurrentAtLeast, 0, 1000}} {
		if f.v != nil && (*f.v < f.lo || *f.v > f.hi) {
			return f.name, fmt.Errorf("%d is outside %d…%d", *f.v, f.lo, f.hi)
		}
	}
	return "", nil
}

func checkThen(t ruleThen) (field string, err error) {
	unused := func(set bool, name string) error {
		if set {
			return fmt.Errorf("not used by action %q", t.Action)
		}
		return nil
	}
	type param struct {
		name string
		set  bool
	}
	params := []param{{"rendition", t.Rendition != nil}, {"factor", t.Factor != nil}, {"steps", t.Steps != nil}, {"seconds", t.Seconds != nil}}
	uses := map[string]string{actPick: "rendition", actFit: "factor", actStepDown: "steps", actDeadline: "seconds", actHold: ""}
	use, ok := uses[t.Action]
	if !ok {
		return "action", fmt.Errorf("unknown action %q (want pick, fit, hold, step_down or deadline)", t.Action)
	}
	for _, p := range params {
		if p.name != use {
			if err := unused(p.set, p.name); err != nil {
				return p.name, err
			}
		}
	}
	switch t.Action {
	case actPick:
		if t.Rendition == nil {
			return "rendition", errors.New("missing (an index or a rung name)")
		}
		if t.Rendition.err != nil {
			return "rendition", t.Rendition.err
		}
	case actFit:
		if t.Factor == nil || *t.Factor <= 0 || *t.Factor > maxFitFactor {
			return "factor", fmt.Errorf("wants a share of the throughput in (0, %v]", maxFitFactor)
		}
	case actStepDown:
		if t.Steps != nil && (*t.Steps < 1 || *t.Steps > maxStepDown) {
			return "steps", fmt.Errorf("%d is outside 1…%d", *t.Steps, maxStepDown)
		}
	case actDeadline:
		if t.Seconds != nil && (*t.Seconds < 0 || *t.Seconds > maxDeadlineSecs) {
			return "seconds", fmt.Errorf("%v is outside 0…%d (0 = the deadline policy)", *t.Seconds, maxDeadlineSecs)
		}
	}
	return "", nil
}
