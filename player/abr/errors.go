package abr

import "errors"

// Sentinel errors of the package; callers test them with errors.Is.
var (
	// ErrUnknownStrategy: no strategy is registered under the name.
	ErrUnknownStrategy = errors.New("unknown strategy")
	// ErrBadRules: a rule set (JSON) could not be parsed or is invalid;
	// the wrapping error names the rule and the field.
	ErrBadRules = errors.New("bad rule set")
)
