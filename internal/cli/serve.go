package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"smartplay/assets"
	"smartplay/player/netem"
)

// serveMain runs `smartplay serve`: the emulated origin until Ctrl-C.
func serveMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o originFlags
	o.register(fs, traceNone, 0, "each client's session")
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on (port 0: a free port)")
	logLevel := fs.String("log-level", "info", "what to report on stderr: debug (every request), info (sessions and injected faults), warn or error")
	fs.Usage = func() {
		fmt.Fprintf(stderr, `usage: smartplay serve [flags] [DIR]

Serves an HLS directory (DIR/master.m3u8, or its only playlist; with no DIR the built-in
ladder) over HTTP as an emulated origin, and prints the master playlist's URL on stdout.
Each client that opens the URL gets a session with its own link (URLs under /s/<id>/),
shaped by --trace, delayed by --rtt and broken by --faults (grammar in docs/NETEM.md).
Without --trace it serves unshaped. Runs until Ctrl-C.

flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(Reorder(args, map[string]bool{"help": true, "h": true})); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 1
	}
	if fs.NArg() > 1 {
		return Fail(stderr, fmt.Errorf("serve: one directory at a time (got %d)", fs.NArg()))
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return Fail(stderr, fmt.Errorf("--log-level %q: want debug, info, warn or error", *logLevel))
	}
	cfg, err := o.config(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})))
	if err != nil {
		return Fail(stderr, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	what := "the built-in ladder"
	if fs.NArg() == 1 {
		cfg.Dir, what = fs.Arg(0), fs.Arg(0)
	} else if cfg.Dir, err = assets.Ensure(ctx, assets.Options{Progress: stderr}); err != nil {
		return Fail(stderr, fmt.Errorf("built-in stream: %w", err))
	}
	cfg.Addr = *addr
	srv, err := netem.Start(ctx, cfg)
	if err != nil {
		return Fail(stderr, fmt.Errorf("serve: %w", err))
	}
	fmt.Fprintln(stdout, srv.URL())
	fmt.Fprintf(stderr, "serving %s: %s; Ctrl-C stops\n", what, o.describe(cfg))
	select {
	case <-ctx.Done():
	case <-srv.Done():
	}
	if err := srv.Close(); err != nil {
		return Fail(stderr, fmt.Errorf("serve: %w", err))
	}
	return 0
}
