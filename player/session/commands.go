package session

import "time"

// commandQueue bounds pending user commands; a user mashing keys faster
// than the owner loop handles them loses the excess, never blocks the UI.
const commandQueue = 16

type cmdKind int

const (
	cmdPause cmdKind = iota
	cmdSeek
	cmdQuality
	cmdQuit
)

type command struct {
	kind    cmdKind
	delta   time.Duration
	quality int // 0 auto, n: rendition n (1-based)
}

func (s *Session) send(c command) {
	select {
	case s.cmds <- c:
	default:
		s.cfg.Logger.Warn("command dropped: too many pending", "kind", c.kind)
	}
}

// TogglePause pauses or resumes playback (the space key).
func (s *Session) TogglePause() { s.send(command{kind: cmdPause}) }

// Seek moves the playhead by delta (←/→: ±10 s) in VOD and local files.
func (s *Session) Seek(delta time.Duration) { s.send(command{kind: cmdSeek, delta: delta}) }

// SetQuality pins rendition n (1-based, ascending; keys 1..9) or, with 0,
// returns to auto. It takes effect at the next segment boundary.
func (s *Session) SetQuality(n int) { s.send(command{kind: cmdQuality, quality: n}) }

// Quit ends the session (q, Esc, closing the window).
func (s *Session) Quit() { s.send(command{kind: cmdQuit}) }
