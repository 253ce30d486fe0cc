package session

import (
	"fmt"
	"slices"

	"smartplay/player/abr"
)

// StrategyNames lists the names NewStrategy accepts.
func StrategyNames() []string { return abr.Names() }

// NewStrategy returns a fresh strategy by name.
func NewStrategy(name string) (abr.Strategy, error) {
	s, err := abr.New(name)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnknownStrategy, err)
	}
	return s, nil
}

// preferredStrategy is the default once it exists: the composition that
// measures best (player/abr/smart.go).
const preferredStrategy = "smart"

// fallbackStrategy is the default while preferredStrategy is not built in.
const fallbackStrategy = "throughput"

// DefaultStrategy is the strategy of auto mode when none is named:
// "smart" when it is registered, else "throughput".
func DefaultStrategy() string {
	if slices.Contains(abr.Names(), preferredStrategy) {
		return preferredStrategy
	}
	return fallbackStrategy
}
