package session

import "smartplay/player/abr"

// StrategyNames lists the names NewStrategy accepts.
func StrategyNames() []string { return abr.Names() }

// NewStrategy returns a fresh strategy by name; an unknown name is an
// ErrUnknownStrategy that lists the known ones.
func NewStrategy(name string) (abr.Strategy, error) { return abr.New(name) }

// defaultStrategy is auto mode's strategy when none is named: the
// composition that measures best (player/abr/smart.go).
const defaultStrategy = "smart"

// DefaultStrategy is the strategy of auto mode when none is named.
func DefaultStrategy() string { return defaultStrategy }
