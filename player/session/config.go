package session

import (
	"io"
	"log/slog"
	"net/http"
	"time"

	"smartplay/player/abr"
)

// Config describes one playback session. Zero fields take the defaults in
// their comments.
type Config struct {
	// Input is an http(s) URL of an HLS master or media playlist, or a
	// local path to a playlist or a media file. Required.
	Input string
	// Quality is "auto" (smart mode, default), a height such as "1080p"
	// (pins that rendition, like a fixed-quality player), or a 1-based
	// rendition number.
	Quality string
	// Strategy names the auto-mode strategy, one of abr.Names() (default
	// DefaultStrategy()).
	Strategy string
	// Headless plays without a window: video frames are consumed and
	// checked, audio goes to a null sink on a real-time clock.
	Headless bool
	// MaxSpeed (headless only) runs as fast as decoding allows on a
	// simulated clock. Default: real time.
	MaxSpeed bool
	// Muted plays without an audio device, on the wall clock. Set by the
	// caller when the device cannot be opened (Open sets it too).
	Muted bool
	// Volume is 0 (silent) … 1 (full); the command line defaults it to 1.
	Volume float64
	// Events receives the JSON Lines event log; nil writes none.
	Events io.Writer
	// Network is what is known of the link before the first download
	// (type and signal; the RTT and throughput of the playlist requests
	// are filled in when zero). Default: nothing known.
	Network abr.NetworkHint
	// CellularCap (bits per second) and DataBudget (bytes) are the
	// cellular data policy every Snapshot carries; the strategy applies
	// them on a cellular network. Default 0: none.
	CellularCap, DataBudget int64
	// MemoryDir holds the session memory (MemoryFile): read at Open for
	// the first decision, written at the end of a played session. Default
	// "": no memory (the command line passes DefaultMemoryDir()).
	MemoryDir string
	// MemoryScope is where the memory applies: a session recalls only what
	// a session of the same scope and network type left. Default: the
	// playlist URL's host name (no port). The command line names the
	// emulated link for the built-in stream ("builtin trace hsdpa-bus").
	MemoryScope string
	// Trace names the network trace the input's link follows, when the
	// caller knows it (the built-in stream on an emulated origin): logged
	// in session_start, so that `smartplay report` can draw the link's
	// rate. Default "": not known.
	Trace string
	// MaxBuffer bounds the forward buffer in media time; default the
	// source's default (30 s).
	MaxBuffer time.Duration
	// Screenshot, when set, is a PNG path: the picture at media time
	// ScreenshotAt is saved there (the window's pixels in window mode, the
	// decoded frame headless).
	Screenshot   string
	ScreenshotAt time.Duration
	// Client makes the HTTP requests (a copy is used; its redirect policy
	// is the player's unless set). Default: a client on Go's default
	// transport, whose connections every session in the process shares.
	Client *http.Client
	// Logger for diagnostics; default slog.Default().
	Logger *slog.Logger
	// Now is the wall clock; default time.Now.
	Now func() time.Time
}

func (c *Config) defaults() {
	if c.Quality == "" {
		c.Quality = "auto"
	}
	if c.Strategy == "" {
		c.Strategy = DefaultStrategy()
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}
