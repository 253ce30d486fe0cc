package session

import "errors"

var (
	// ErrBadQuality: a --quality value names no rendition.
	ErrBadQuality = errors.New("bad quality")
	// ErrBadConfig: options that cannot work together.
	ErrBadConfig = errors.New("bad options")
	// ErrUnknownStrategy: --strategy names no strategy.
	ErrUnknownStrategy = errors.New("unknown strategy")
)
