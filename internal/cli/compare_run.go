package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sync/errgroup"

	"smartplay/assets"
	"smartplay/player/abr"
	"smartplay/player/hud"
	"smartplay/player/netem"
	"smartplay/player/netinfo"
	"smartplay/player/session"
)

// compare opens both sides, runs them in the window and prints each
// side's QoE line.
func compare(ctx context.Context, f compareFlags, url string, stderr io.Writer, window CompareFunc) error {
	var level slog.Level
	_ = level.UnmarshalText([]byte(f.logLevel)) // checked by compareFlags.check
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	inputs := [2]string{url, url}
	net := abr.NetworkHint{Signal: -1}
	trace, traceRef := "", "" // the HUD's and title's name; the log's (a shipped name or a path)
	if url == "" {
		srv, err := startBuiltinOrigin(ctx, stderr, f.origin, log)
		if err != nil {
			return err
		}
		defer srv.Close()
		inputs = [2]string{srv.SessionURL("left"), srv.SessionURL("right")}
		if f.origin.shaped() {
			trace, traceRef = filepath.Base(f.origin.trace), f.origin.traceRef()
		} else { // unshaped loopback: what this machine's interface says is as good as anything
			net = netinfo.Detect().Hint()
		}
	} else {
		net = netinfo.Detect().Hint()
	}
	var logs [2]io.Writer
	if f.events != "" {
		for i := range logs {
			ef, err := os.Create(f.events + "-" + sideName(i) + ".jsonl")
			if err != nil {
				return fmt.Errorf("events: %w", err)
			}
			defer ef.Close()
			logs[i] = ef
		}
	}
	var sides [2]CompareSide
	g, gctx := errgroup.WithContext(ctx)
	for i, q := range []string{f.left, f.right} {
		g.Go(func() error {
			cfg := session.Config{Input: inputs[i], Quality: q, Strategy: f.strategy, Network: net,
				Volume: float64(f.volume) / 100, Muted: i > 0, Logger: log.With("side", sideName(i)),
				// Its own connections: a real origin sees two clients.
				Client: &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}, Events: logs[i],
				Trace: traceRef}
			s, err := session.Open(gctx, cfg)
			if err != nil {
				return fmt.Errorf("%s side (%s): %w", sideName(i), q, err)
			}
			m := hud.New(hud.Config{Trace: trace})
			s.Events().Listen(m.Observe)
			sides[i] = CompareSide{Session: s, Label: sideLabel(s, f.strategy), HUD: m}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		for _, sd := range sides { // the side that opened lets its audio device go
			if sd.Session != nil {
				sd.Session.Consumer().Close()
			}
		}
		return err
	}
	if sides[0].Session.Muted() {
		fmt.Fprintln(stderr, "smartplay: no audio device: the left side plays muted on the wall clock")
	}
	w, h := compareWindowSize()
	title := fmt.Sprintf("%s vs %s", strings.ToLower(sides[0].Label), strings.ToLower(sides[1].Label))
	if trace != "" {
		title += " · " + trace
	}
	o := CompareOptions{Title: "smartplay compare — " + title, Width: w, Height: h, Fullscreen: f.fullscreen, ShowHUD: f.hud,
		Screenshot: f.screenshot, ScreenshotAt: f.screenshotAt, CardFor: f.cardFor,
		Card: func() hud.Card { return compareCard(title, sides[:]) }}
	err := window(ctx, sides[:], o)
	for _, s := range sides {
		fmt.Fprintf(stderr, "%-12s ", s.Label+":")
		printSummary(stderr, s.Session.Summary())
	}
	return err
}

// sideName names side i in logs and file names.
func sideName(i int) string {
	if i == 0 {
		return "left"
	}
	return "right"
}

// sideLabel is the big label over a side: SMART (or the strategy's name)
// for auto, FIXED <label> for a pin.
func sideLabel(s *session.Session, strategy string) string {
	if pin := s.Pinned(); pin != session.Auto {
		if l := s.Labels(); pin < len(l) {
			return "FIXED " + strings.ToUpper(l[pin])
		}
		return "FIXED"
	}
	return strings.ToUpper(strategy)
}

// compareWindowSize is a window of two 16:9 pictures 640 px wide, their
// labels above them and their HUDs below: 1280×800, which fits a 1080p
// screen (the window is scaled down to fit smaller ones).
func compareWindowSize() (int, int) {
	const paneW, h = 640, 800
	return 2 * paneW, h
}

// compareCard gathers both sides' figures for the summary card.
func compareCard(title string, sides []CompareSide) hud.Card {
	c := hud.Card{Title: title, Note: "q: close"}
	for _, s := range sides {
		c.Sides = append(c.Sides, hud.CardSide{Title: s.Label, Summary: s.Session.Summary(), DataUsed: s.Session.Live().DataUsed})
	}
	return c
}

// startBuiltinOrigin generates (once; cached) the built-in ladder and
// serves it through the emulated origin, whose SessionURL gives each side
// its own link on the same trace.
func startBuiltinOrigin(ctx context.Context, stderr io.Writer, o originFlags, log *slog.Logger) (*netem.Server, error) {
	cfg, err := o.config(log)
	if err != nil {
		return nil, err
	}
	dir, err := assets.Ensure(ctx, assets.Options{Progress: stderr})
	if err != nil {
		return nil, fmt.Errorf("built-in stream: %w", err)
	}
	cfg.Dir = dir
	srv, err := netem.Start(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("built-in stream: %w", err)
	}
	fmt.Fprintf(stderr, "built-in origin: %s\n", o.describe(cfg))
	return srv, nil
}
