package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"smartplay/player/hud"
	"smartplay/player/session"
)

// DemoTrace is the trace `smartplay compare` (and `make demo`) plays the
// built-in stream over by default: on it fixed 1080P stalls again and
// again while the smart side does not (docs/COMPARE.md has the runs).
const DemoTrace = "hsdpa-ferry"

// CompareFunc shows the sides of `smartplay compare` in one window, on
// the main goroutine, until the window closes; it runs the sessions.
type CompareFunc func(ctx context.Context, sides []CompareSide, o CompareOptions) error

// CompareSide is one side of the compare view: its session (opened, not
// yet run), its label and HUD.
type CompareSide struct {
	Session *session.Session
	Label   string // "SMART", "FIXED 1080P"
	HUD     *hud.Model
}

// Readings are the HUD's live values of the side's session.
func (c CompareSide) Readings() hud.Readings { return liveReadings(c.Session) }

// liveReadings reads a session's buffer and data for its HUD.
func liveReadings(s *session.Session) hud.Readings {
	l := s.Live()
	return hud.Readings{Buffer: l.Buffer, MaxBuffer: l.MaxBuffer, DataUsed: l.DataUsed}
}

// CompareOptions are the compare window's settings.
type CompareOptions struct {
	Title         string
	Width, Height int // the window's size before fitting it to the screen
	Fullscreen    bool
	ShowHUD       bool // the HUDs start shown (h toggles them)
	Screenshot    string
	ScreenshotAt  time.Duration
	// Card builds the summary card (when both sides ended, or on q).
	Card func() hud.Card
	// CardFor closes the window that long after the card showed (0: on q).
	CardFor time.Duration
}

// compareFlags are `smartplay compare`'s options.
type compareFlags struct {
	left, right, strategy, screenshot, events, logLevel string
	screenshotAt, cardFor                               time.Duration
	volume                                              int
	fullscreen, hud                                     bool
	origin                                              originFlags
}

func newCompareFlagSet(stderr io.Writer, f *compareFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.left, "left", "auto", "left side's quality: auto (smart mode), a height like 720p, or a rendition number n")
	fs.StringVar(&f.right, "right", "1080p", "right side's quality (the same values as --left)")
	fs.StringVar(&f.strategy, "strategy", session.DefaultStrategy(), "auto sides' strategy: "+strings.Join(session.StrategyNames(), ", "))
	fs.StringVar(&f.screenshot, "screenshot", "", "save a PNG of the window to this file at --screenshot-at, or when the summary card shows if that comes first")
	fs.DurationVar(&f.screenshotAt, "screenshot-at", 5*time.Second, "media time of the --screenshot on the left side's clock")
	fs.DurationVar(&f.cardFor, "card-for", 0, "close the window this long after the summary card shows (0: stay until q, Esc or the window is closed)")
	fs.StringVar(&f.events, "events", "", "write each side's event log to PREFIX-left.jsonl and PREFIX-right.jsonl (docs/EVENTS.md)")
	fs.IntVar(&f.volume, "volume", 100, "the left side's audio volume, 0-100 (the right side is muted)")
	fs.BoolVar(&f.fullscreen, "fullscreen", false, "start in fullscreen (toggle with f)")
	fs.BoolVar(&f.hud, "hud", true, "start with the HUDs shown (toggle with h; --hud=false: pictures and labels only)")
	fs.StringVar(&f.logLevel, "log-level", "warn", "diagnostics on stderr: debug, info, warn or error")
	f.origin.register(fs, DemoTrace, demoRTT, "each side's link to the built-in stream (no URL only)")
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: smartplay compare [flags] [URL]

Plays the same content twice in one window, side by side: by default smart mode on the left
and a fixed 1080P on the right, each with its HUD and a big label. With no URL both sides play
the built-in test stream, each through its own emulated link on the same trace (--trace,
default `+DemoTrace+`); with a URL each side opens its own connections to it. Both start
together. When both end, or on q, a summary card compares them (stalls, stall time, time at
720p+, mean bitrate, data used, startup delay); q again closes. Only the left side plays audio.
No session memory is read or written: both sides start from the same knowledge.

Keys: h HUD on/off, space pause/resume both, ←/→ seek both ±10 s, f fullscreen, q or Esc: card, then quit.

flags:
`)
		fs.PrintDefaults()
	}
	return fs
}

// compareBoolFlags take no value.
var compareBoolFlags = map[string]bool{"fullscreen": true, "hud": true, "help": true, "h": true}

// compareMain runs `smartplay compare`. window is nil in the binary
// without a window system, which hands over to smartplay-window.
func compareMain(args []string, stderr io.Writer, window CompareFunc) int {
	var f compareFlags
	fs := newCompareFlagSet(stderr, &f)
	if code, done := parseOneInput(fs, args, compareBoolFlags, stderr, "compare: "); done {
		return code
	}
	if err := f.check(fs); err != nil {
		return Fail(stderr, fmt.Errorf("compare: %w", err))
	}
	if window == nil {
		return Fail(stderr, execWindow(append([]string{"compare"}, args...)))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := compare(ctx, f, fs.Arg(0), stderr, window); err != nil {
		return Fail(stderr, fmt.Errorf("compare: %w", err))
	}
	return 0
}

// check refuses bad values before anything opens.
func (f compareFlags) check(fs *flag.FlagSet) error {
	if f.volume < 0 || f.volume > 100 {
		return fmt.Errorf("--volume %d: want 0-100", f.volume)
	}
	if f.screenshot != "" && f.screenshotAt < 0 {
		return errors.New("--screenshot-at must not be negative")
	}
	if f.cardFor < 0 {
		return errors.New("--card-for must not be negative")
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(f.logLevel)); err != nil {
		return fmt.Errorf("--log-level %q: want debug, info, warn or error", f.logLevel)
	}
	if _, err := session.NewStrategy(f.strategy); err != nil {
		return fmt.Errorf("--strategy: %w", err)
	}
	return checkOriginFlags(fs)
}
