package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"smartplay/assets"
	"smartplay/assets/traces"
	"smartplay/player/netem"
)

// demoRTT is the round trip the built-in demo adds to every request: the
// 80 ms of Pensieve's simulator, a typical cellular round trip.
const demoRTT = 80 * time.Millisecond

// traceNone is the --trace value for an unshaped link.
const traceNone = "none"

// originFlags are the emulated origin's options, shared by `smartplay
// serve` and by playback of the built-in stream.
type originFlags struct {
	trace, faults string
	rtt           time.Duration
	seed          int64
}

// originFlagNames are the flags register adds.
var originFlagNames = []string{"trace", "rtt", "faults", "seed"}

// register adds the origin's flags to fs with the given defaults; what
// says what they shape ("the built-in stream", "each client").
func (o *originFlags) register(fs *flag.FlagSet, trace string, rtt time.Duration, what string) {
	fs.StringVar(&o.trace, "trace", trace, "bandwidth trace that shapes "+what+": a built-in name ("+
		strings.Join(traces.Names(), ", ")+"), a Pensieve or Mahimahi trace FILE, or "+traceNone+" (unshaped)")
	fs.DurationVar(&o.rtt, "rtt", rtt, "round-trip time added to every request of "+what)
	fs.StringVar(&o.faults, "faults", "", "faults to inject into "+what+", e.g. '404@seg=3, 500:p=0.05, stall=8s@seg=5' (docs/NETEM.md)")
	fs.Int64Var(&o.seed, "seed", 1, "seed of the faults drawn by probability (same seed, same faults)")
}

// shaped reports whether a trace shapes the link.
func (o originFlags) shaped() bool { return o.trace != "" && o.trace != traceNone }

// traceRef names the trace for the event log (session_start's trace): a
// shipped trace's name, or a trace file's absolute path, so that
// `smartplay report` finds it from any directory. "" when unshaped.
func (o originFlags) traceRef() string {
	if !o.shaped() {
		return ""
	}
	if st, err := os.Stat(o.trace); err == nil && !st.IsDir() {
		if abs, err := filepath.Abs(o.trace); err == nil {
			return abs
		}
	}
	return o.trace
}

// memoryScope is the session memory's scope for the built-in stream: the
// emulated link, so that a session on one trace (or an unshaped one) does
// not set the startup of a session on another.
func (o originFlags) memoryScope() string {
	t := o.trace
	if t == "" {
		t = traceNone
	}
	return fmt.Sprintf("builtin trace %s rtt %v", t, o.rtt)
}

// config turns the flags into an origin configuration (no directory yet).
func (o originFlags) config(log *slog.Logger) (netem.Config, error) {
	cfg := netem.Config{RTT: o.rtt, Seed: o.seed, Logger: log}
	if o.rtt < 0 {
		return cfg, fmt.Errorf("--rtt %v must not be negative", o.rtt)
	}
	tr, err := loadTrace(o.trace)
	if err != nil {
		return cfg, fmt.Errorf("--trace: %w", err)
	}
	cfg.Trace = tr
	if cfg.Faults, err = netem.ParseFaults(o.faults); err != nil {
		return cfg, fmt.Errorf("--faults: %w", err)
	}
	return cfg, nil
}

// loadTrace reads --trace: none (or empty) is unshaped, an existing file
// is read, anything else must be a built-in trace's name.
func loadTrace(name string) (*netem.Trace, error) {
	if name == "" || name == traceNone {
		return nil, nil
	}
	if st, err := os.Stat(name); err == nil && !st.IsDir() {
		return netem.LoadTrace(name)
	}
	data, err := traces.Read(name)
	if err != nil {
		if strings.ContainsAny(name, `/\.`) {
			return nil, fmt.Errorf("%s: no such file, and %w", name, err)
		}
		return nil, err
	}
	return netem.ParseTrace(name, bytes.NewReader(data))
}

// describe says in a few words how the origin shapes and breaks things.
func (o originFlags) describe(cfg netem.Config) string {
	link := "unshaped"
	if cfg.Trace != nil {
		link = fmt.Sprintf("trace %s (mean %.2f Mbit/s, loops every %v)", o.trace, cfg.Trace.MeanMbps(), cfg.Trace.Period().Round(time.Second))
	}
	s := fmt.Sprintf("%s, rtt %v", link, o.rtt)
	if len(cfg.Faults) > 0 {
		s += fmt.Sprintf(", faults %q (seed %d)", o.faults, o.seed)
	}
	return s
}

// serveBuiltin generates (once; cached) the built-in ladder and serves it
// through the emulated origin on 127.0.0.1 at a free port. It returns the
// master playlist's URL and a function that stops the server.
func serveBuiltin(ctx context.Context, stderr io.Writer, o originFlags, log *slog.Logger) (string, func(), error) {
	cfg, err := o.config(log)
	if err != nil {
		return "", nil, err
	}
	dir, err := assets.Ensure(ctx, assets.Options{Progress: stderr})
	if err != nil {
		return "", nil, fmt.Errorf("built-in stream: %w", err)
	}
	cfg.Dir = dir
	srv, err := netem.Start(ctx, cfg)
	if err != nil {
		return "", nil, fmt.Errorf("built-in stream: %w", err)
	}
	fmt.Fprintf(stderr, "built-in origin: %s\n", o.describe(cfg))
	return srv.URL(), func() { srv.Close() }, nil
}

// errOriginFlagsWithURL: the origin's flags shape the built-in stream.
var errOriginFlagsWithURL = errors.New("--trace, --rtt, --faults and --seed shape the built-in stream (no URL); to shape your own HLS directory run smartplay serve DIR with them and play the URL it prints")

// checkOriginFlags refuses origin flags set along with an input.
func checkOriginFlags(fs *flag.FlagSet) error {
	if fs.NArg() == 0 {
		return nil
	}
	var err error
	fs.Visit(func(f *flag.Flag) {
		for _, n := range originFlagNames {
			if f.Name == n {
				err = errOriginFlagsWithURL
			}
		}
	})
	return err
}
