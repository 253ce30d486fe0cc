package abr

import (
	"errors"
	"strings"
	"testing"
)

func TestRulesParseErrors(t *testing.T) {
	rule := func(body string) string {
		return `{"rules": [{"name": "ok", "then": {"action": "hold"}}, ` + body + `]}`
	}
	tests := []struct {
		name, in, want string
	}{
		{"not JSON", `{"rules": [`, "unexpected end of the input"},
		{"empty", ``, "unexpected end of the input"},
		{"syntax error line", "{\n \"rules\": [\n  {,}]}", "line 3 column 4"},
		{"trailing data", `{"rules": [{"name": "a", "then": {"action": "hold"}}]} {}`, "data after the rule set"},
		{"unknown top field", `{"rulez": []}`, `unknown field "rulez"`},
		{"unknown estimator", `{"estimator": "magic", "rules": []}`, `field "estimator": unknown estimator "magic"`},
		{"no rules", `{"rules": []}`, `field "rules": no rules`},
		{"unknown rule field", rule(`{"name": "x", "thne": {}}`), `rule 2: json: unknown field "thne"`},
		{"unknown condition", rule(`{"name": "x", "when": {"bufer_below_s": 3}, "then": {"action": "hold"}}`), `rule 2: json: unknown field "bufer_below_s"`},
		{"wrong type", rule(`{"name": "x", "when": {"buffer_below_s": "3"}, "then": {"action": "hold"}}`), `rule 2: field "when.buffer_below_s": string where float64 is wanted`},
		{"no name", rule(`{"then": {"action": "hold"}}`), `rule 2: field "name": missing`},
		{"bad priority", rule(`{"name": "x", "priority": "urgent", "then": {"action": "hold"}}`), `rule 2 ("x"): field "priority": unknown priority "urgent"`},
		{"no action", rule(`{"name": "x"}`), `rule 2 ("x"): field "then.action": unknown action ""`},
		{"bad action", rule(`{"name": "x", "then": {"action": "jump"}}`), `field "then.action": unknown action "jump"`},
		{"pick without rendition", rule(`{"name": "x", "then": {"action": "pick"}}`), `field "then.rendition": missing`},
		{"pick bad rung", rule(`{"name": "x", "then": {"action": "pick", "rendition": "top"}}`), `field "then.rendition": unknown rendition "top"`},
		{"pick fractional", rule(`{"name": "x", "then": {"action": "pick", "rendition": 1.5}}`), `field "then.rendition": 1.5 is neither an integer`},
		{"fit without factor", rule(`{"name": "x", "then": {"action": "fit"}}`), `field "then.factor": wants a share`},
		{"fit huge factor", rule(`{"name": "x", "then": {"action": "fit", "factor": 9}}`), `field "then.factor"`},
		{"unused parameter", rule(`{"name": "x", "then": {"action": "hold", "factor": 1}}`), `field "then.factor": not used by action "hold"`},
		{"step down zero", rule(`{"name": "x", "then": {"action": "step_down", "steps": 0}}`), `field "then.steps": 0 is outside 1…16`},
		{"negative deadline", rule(`{"name": "x", "then": {"action": "deadline", "seconds": -1}}`), `field "then.seconds"`},
		{"negative buffer", rule(`{"name": "x", "when": {"buffer_at_least_s": -2}, "then": {"action": "hold"}}`), `field "when.buffer_at_least_s": -2 is negative`},
		{"ratio without rung", rule(`{"name": "x", "when": {"throughput": [{"below": 1}]}, "then": {"action": "hold"}}`), `field "when.throughput[0].rung": missing`},
		{"ratio bad rung", rule(`{"name": "x", "when": {"throughput": [{"rung": "next", "below": 1}]}, "then": {"action": "hold"}}`), `field "when.throughput[0].rung": unknown rendition "next"`},
		{"ratio without bound", rule(`{"name": "x", "when": {"throughput": [{"rung": 1}]}, "then": {"action": "hold"}}`), `field "when.throughput[0]": needs "below" or "at_least"`},
		{"ratio zero", rule(`{"name": "x", "when": {"throughput": [{"rung": 1, "at_least": 0}]}, "then": {"action": "hold"}}`), `field "when.throughput[0].at_least"`},
		{"bad network", rule(`{"name": "x", "when": {"network": ["wifi", "5g"]}, "then": {"action": "hold"}}`), `field "when.network[1]": unknown network "5g"`},
		{"bad signal", rule(`{"name": "x", "when": {"signal_at_least": 7}, "then": {"action": "hold"}}`), `field "when.signal_at_least": 7 is outside 0…4`},
		{"negative index", rule(`{"name": "x", "when": {"segment_index_below": -1}, "then": {"action": "hold"}}`), `field "when.segment_index_below"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewRules([]byte(tc.in))
			if !errors.Is(err, ErrBadRules) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("NewRules error = %v; want ErrBadRules with %q", err, tc.want)
			}
		})
	}
	many := `{"rules": [` + strings.Repeat(`{"name": "x", "then": {"action": "hold"}},`, maxRules) + `{"name": "x", "then": {"action": "hold"}}]}`
	if _, err := NewRules([]byte(many)); !errors.Is(err, ErrBadRules) {
		t.Fatalf("too many rules: %v", err)
	}
}
