package session

import (
	"fmt"

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
