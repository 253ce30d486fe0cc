package session

import "errors"

var (
	// ErrBadQuality: a --quality value names no rendition.
	ErrBadQuality = errors.New("bad quality")
	// ErrBadConfig: options that cannot work together.
	ErrBadConfig = errors.New("bad options")
	// ErrUnknownStrategy: --strategy names no strategy.
	ErrUnknownStrategy = errors.New("unknown strategy")
	// ErrBadLog: an event log that Decisions cannot read back.
	ErrBadLog = errors.New("event log cannot be replayed")
	// ErrMemory: the session memory file cannot be read or written.
	ErrMemory = errors.New("session memory")
)
