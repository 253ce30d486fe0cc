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
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"smartplay/assets/traces"
	"smartplay/player/abr"
	"smartplay/player/hud"
	"smartplay/player/netinfo"
	"smartplay/player/session"
)

// playFlags are the player's command-line options.
type playFlags struct {
	quality, strategy, speed, events, screenshot, network, logLevel string
	screenshotAt, maxBuffer                                         time.Duration
	volume, signal                                                  int
	cellularCapKbps                                                 int64
	dataBudgetMB                                                    float64
	headless, fullscreen, hud                                       bool
	origin                                                          originFlags // the built-in stream's emulated origin
	hudTrace                                                        string      // the trace the HUD names (the built-in stream's, when shaped)
}

var playBoolFlags = map[string]bool{"headless": true, "fullscreen": true, "hud": true, "help": true, "h": true}

func newPlayFlagSet(stderr io.Writer, f *playFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("smartplay", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.quality, "quality", "auto", "auto (smart mode), a height like 1080p to pin that rendition, or a rendition number n (1 = lowest)")
	fs.StringVar(&f.strategy, "strategy", session.DefaultStrategy(), "auto-mode strategy: "+strings.Join(session.StrategyNames(), ", "))
	fs.BoolVar(&f.headless, "headless", false, "play without a window: frames are decoded and checked, audio goes to a null sink on a real-time clock")
	fs.StringVar(&f.speed, "speed", "1", "1 (real time) or max (headless only: as fast as decoding allows, on a simulated clock)")
	fs.StringVar(&f.events, "events", "", "write the event log (JSON Lines, docs/EVENTS.md) to this file")
	fs.StringVar(&f.screenshot, "screenshot", "", "save a PNG of the picture to this file at --screenshot-at")
	fs.DurationVar(&f.screenshotAt, "screenshot-at", 5*time.Second, "media time of the --screenshot (e.g. 5s, 1m30s)")
	fs.IntVar(&f.volume, "volume", 100, "audio volume, 0-100")
	fs.BoolVar(&f.fullscreen, "fullscreen", false, "start in fullscreen (toggle with f)")
	fs.BoolVar(&f.hud, "hud", false, "start with the HUD shown: rendition, decision and reason, buffer, throughput graph, stalls (toggle with h)")
	fs.StringVar(&f.network, "network", "auto", "network type for the first decision: wifi, cellular, ethernet, unknown, or auto (detected from the default route's interface on Linux)")
	fs.IntVar(&f.signal, "signal", -1, "signal strength 0-4 for the first decision (-1: unknown, or detected with --network auto on Wi-Fi)")
	fs.Int64Var(&f.cellularCapKbps, "cellular-cap", 0, "on a cellular network, play no rendition above this bitrate in kbps (0: no cap)")
	fs.Float64Var(&f.dataBudgetMB, "data-budget", 0, "on a cellular network, spend at most this many MB (10^6 bytes) in the session (0: no budget)")
	fs.DurationVar(&f.maxBuffer, "max-buffer", 0, "forward buffer limit in media time (default 30s)")
	fs.StringVar(&f.logLevel, "log-level", "warn", "diagnostics on stderr: debug, info, warn or error")
	f.origin.register(fs, traces.Default, demoRTT, "the built-in stream (no URL only)")
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: smartplay [flags] [URL|FILE]
       smartplay probe [--json] URL|PATH
       smartplay serve [--trace FILE|NAME] [--rtt D] [--faults SPEC] [--seed N] [--addr A] [DIR]
       smartplay sim --traces DIR... [--strategy NAME,...|all] [--model pensieve|realistic] [--json] [--csv FILE] [--plot DIR]
       smartplay report EVENTS.jsonl... -o OUT.png|OUT.html [--title T]
       smartplay compare [--trace FILE|NAME] [--left auto] [--right 1080p] [URL]

Plays an HLS master or media playlist over http(s), a local playlist, or a local media file.
With no input it plays the built-in test stream (generated once, cached) from an emulated
origin on 127.0.0.1 whose link follows a real cellular trace (--trace, --rtt, --faults).

Keys: space pause/resume, f fullscreen, q or Esc quit, ←/→ seek ±10 s (VOD),
      0 auto quality, 1..9 pin rendition n (1 = lowest), h HUD on/off.

flags:
`)
		fs.PrintDefaults()
	}
	return fs
}

func playMain(args []string, stdout, stderr io.Writer, window WindowFunc) int {
	var f playFlags
	fs := newPlayFlagSet(stderr, &f)
	if code, done := parseOneInput(fs, args, playBoolFlags, stderr, ""); done {
		return code
	}
	cfg, err := f.config(stderr)
	if err == nil {
		err = checkOriginFlags(fs)
	}
	if err != nil {
		return Fail(stderr, err)
	}
	if !f.headless && window == nil {
		return Fail(stderr, execWindow(args))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if fs.NArg() == 1 {
		cfg.Input = fs.Arg(0)
	} else {
		url, closeSrv, err := serveBuiltin(ctx, stderr, f.origin, cfg.Logger)
		if err != nil {
			return Fail(stderr, err)
		}
		defer closeSrv()
		cfg.Input, cfg.MemoryScope = url, f.origin.memoryScope()
		if f.origin.shaped() {
			f.hudTrace = filepath.Base(f.origin.trace)
			cfg.Trace = f.origin.traceRef()
		}
		if f.network == "auto" && f.origin.shaped() {
			// The emulated link, not this machine's interface, is the
			// network the stream comes over: its type is not known.
			cfg.Network.Type = abr.NetworkUnknown
		}
		fmt.Fprintf(stderr, "playing the built-in test stream: %s\n", url)
	}
	if f.events != "" {
		ef, err := os.Create(f.events)
		if err != nil {
			return Fail(stderr, fmt.Errorf("events: %w", err))
		}
		defer ef.Close()
		cfg.Events = ef
	}
	if err := play(ctx, cfg, f, stderr, window); err != nil {
		return Fail(stderr, err)
	}
	return 0
}

// config checks the flags and turns them into a session.Config.
func (f playFlags) config(stderr io.Writer) (session.Config, error) {
	cfg := session.Config{Quality: f.quality, Strategy: f.strategy, Headless: f.headless,
		Volume: float64(f.volume) / 100, MaxBuffer: f.maxBuffer}
	switch f.speed {
	case "1", "1x":
	case "max":
		cfg.MaxSpeed = true
	default:
		return cfg, fmt.Errorf("--speed %q: want 1 or max", f.speed)
	}
	if f.volume < 0 || f.volume > 100 {
		return cfg, fmt.Errorf("--volume %d: want 0-100", f.volume)
	}
	if f.signal < -1 || f.signal > 4 {
		return cfg, fmt.Errorf("--signal %d: want 0-4 (or -1 unknown)", f.signal)
	}
	hint, err := networkHint(f.network, f.signal, netinfo.Detect)
	if err != nil {
		return cfg, err
	}
	cfg.Network = hint
	if f.cellularCapKbps < 0 || f.cellularCapKbps > maxCellularCapKbps {
		return cfg, fmt.Errorf("--cellular-cap %d: want 0 (no cap) to %d kbps", f.cellularCapKbps, int64(maxCellularCapKbps))
	}
	if !(f.dataBudgetMB >= 0 && f.dataBudgetMB <= maxDataBudgetMB) {
		return cfg, fmt.Errorf("--data-budget %v: want 0 (no budget) to %d MB", f.dataBudgetMB, int64(maxDataBudgetMB))
	}
	cfg.CellularCap = f.cellularCapKbps * 1000
	cfg.DataBudget = int64(f.dataBudgetMB * 1e6)
	var level slog.Level
	if err := level.UnmarshalText([]byte(f.logLevel)); err != nil {
		return cfg, fmt.Errorf("--log-level %q: want debug, info, warn or error", f.logLevel)
	}
	cfg.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	if f.screenshot != "" && f.screenshotAt < 0 {
		return cfg, errors.New("--screenshot-at must not be negative")
	}
	if dir, err := session.DefaultMemoryDir(); err == nil {
		cfg.MemoryDir = dir
	} else {
		cfg.Logger.Info("no session memory", "err", err)
	}
	return cfg, nil
}

// play opens the session and plays it headless or in a window.
func play(ctx context.Context, cfg session.Config, f playFlags, stderr io.Writer, window WindowFunc) error {
	cfg.Screenshot, cfg.ScreenshotAt = f.screenshot, f.screenshotAt
	s, err := session.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() { printSummary(stderr, s.Summary()) }()
	if cfg.Headless {
		sctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { reportStatus(sctx, s, stderr); close(done) }()
		err := s.Run(ctx)
		stop()
		<-done
		return err
	}
	if s.Muted() {
		fmt.Fprintln(stderr, "smartplay: no audio device: playing muted on the wall clock")
	}
	m := hud.New(hud.Config{Trace: f.hudTrace})
	s.Events().Listen(m.Observe)
	w, h := s.VideoSize()
	return window(ctx, s, WindowOptions{Title: "smartplay — " + cfg.Input, Width: w, Height: h, Fullscreen: f.fullscreen,
		Screenshot: f.screenshot, ScreenshotAt: f.screenshotAt,
		HUD: m, HUDReadings: func() hud.Readings { return liveReadings(s) }, ShowHUD: f.hud})
}
