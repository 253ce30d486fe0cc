package session

import (
	"errors"

	"smartplay/player/abr"
)

var (
	// ErrBadQuality: a --quality value names no rendition.
	ErrBadQuality = errors.New("bad quality")
	// ErrBadConfig: options that cannot work together.
	ErrBadConfig = errors.New("bad options")
	// ErrUnknownStrategy: --strategy names no strategy (abr's sentinel, so
	// the message says it once).
	ErrUnknownStrategy = abr.ErrUnknownStrategy
	// ErrBadLog: an event log that Decisions cannot read back.
	ErrBadLog = errors.New("event log cannot be replayed")
	// ErrMemory: the session memory file cannot be read or written.
	ErrMemory = errors.New("session memory")
)
