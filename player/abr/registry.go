package abr

import (
	"fmt"
	"sort"
	"strings"
)

// Factory builds a fresh strategy (no state shared with other sessions).
type Factory func() Strategy

// registry maps a strategy's name to its factory. Each strategy's file
// registers itself from init, so adding one touches only its own file.
var registry = map[string]Factory{}

// register adds a strategy under name (lower case). A duplicate name is a
// programming error caught by every test run.
func register(name string, f Factory) {
	name = strings.ToLower(name)
	if _, dup := registry[name]; dup {
		panic("abr: strategy registered twice: " + name)
	}
	registry[name] = f
}

// New returns a fresh strategy by name (case-insensitive).
func New(name string) (Strategy, error) {
	f, ok := registry[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		return nil, fmt.Errorf("%w: %q (have %s)", ErrUnknownStrategy, name, strings.Join(Names(), ", "))
	}
	return f(), nil
}

// Names lists the registered strategies, sorted.
func Names() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
