package session

import (
	"fmt"
	"sort"
	"strings"

	"smartplay/player/abr"
)

// strategies are the auto-mode strategies selectable by name.
var strategies = map[string]func() abr.Strategy{
	"throughput": func() abr.Strategy { return abr.NewThroughput(abr.ThroughputConfig{}) },
	"fixed":      func() abr.Strategy { return abr.NewFixed(0) },
}

// StrategyNames lists the names NewStrategy accepts.
func StrategyNames() []string {
	var names []string
	for n := range strategies {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// NewStrategy returns a fresh strategy by name.
func NewStrategy(name string) (abr.Strategy, error) {
	mk, ok := strategies[strings.ToLower(name)]
	if !ok {
		return nil, fmt.Errorf("%w: %q (have %s)", ErrUnknownStrategy, name, strings.Join(StrategyNames(), ", "))
	}
	return mk(), nil
}
