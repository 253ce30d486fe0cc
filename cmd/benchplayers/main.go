package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The Xvfb screen: 1920x1080 so that a 1080p video is drawn 1:1 by every
// player (no player scales, so all draw the same number of pixels).
const (
	screenWidthPx  = 1920
	screenHeightPx = 1080
)

// Defaults of the run sub-command.
const (
	defaultReps    = 3                // the brief: medians of three
	defaultClipLen = 15 * time.Second // long enough that start-up is a small share
)

func main() {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "benchplayers:", err)
		if errors.Is(err, ErrUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

const usage = `usage:
  benchplayers paths [--clip 15s] [--heights 1080,720]
      generate (or find cached) the test clips and ladder and print their paths
  benchplayers run [flags]
      play each clip with each player under Xvfb, measure, print the tables
      and (with --write) put them in docs/BENCHMARKS.md
`

// options of the run and paths sub-commands.
type options struct {
	Reps      int
	ClipLen   time.Duration
	Heights   []int
	Players   []string
	Smartplay string
	Write     string
	Command   string
}

func parseFlags(name string, args []string, stderr io.Writer) (options, error) {
	o := options{}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	fs.IntVar(&o.Reps, "reps", defaultReps, "runs of each player on each clip and stream; medians are reported")
	fs.DurationVar(&o.ClipLen, "clip", defaultClipLen, "length of the local clips")
	heights := fs.String("heights", "1080,720", "clip heights (rungs of the built-in ladder)")
	players := fs.String("players", strings.Join(defaultPlayers, ","), "players to run: smartplay, smartplay-headless, ffplay, mpv-gpu, mpv-x11, mpv-default")
	fs.StringVar(&o.Smartplay, "smartplay", "bin/smartplay", "path of the smartplay binary")
	fs.StringVar(&o.Write, "write", "", "Markdown file whose results block to replace (docs/BENCHMARKS.md); empty: print only")
	fs.StringVar(&o.Command, "command", "", "the command to show as having produced the figures (default: this command line)")
	if err := fs.Parse(args); err != nil {
		return o, fmt.Errorf("%w: %w", ErrUsage, err)
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("%w: unexpected %q", ErrUsage, fs.Args())
	}
	if o.Reps < 1 || o.Reps > 20 || o.ClipLen < time.Second || o.ClipLen > 10*time.Minute {
		return o, fmt.Errorf("%w: --reps %d (1..20), --clip %v (1s..10m)", ErrUsage, o.Reps, o.ClipLen)
	}
	for _, s := range strings.Split(*heights, ",") {
		h, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || h <= 0 {
			return o, fmt.Errorf("%w: --heights %q", ErrUsage, *heights)
		}
		o.Heights = append(o.Heights, h)
	}
	for _, s := range strings.Split(*players, ",") {
		if s = strings.TrimSpace(s); s != "" {
			o.Players = append(o.Players, s)
		}
	}
	if o.Command == "" {
		o.Command = strings.Join(append([]string{"benchplayers", name}, args...), " ")
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: no sub-command", ErrUsage)
	}
	o, err := parseFlags(args[0], args[1:], stderr)
	if err != nil {
		return err
	}
	switch args[0] {
	case "paths":
		c, err := ensureContent(ctx, o.Heights, o.ClipLen, stderr)
		if err != nil {
			return err
		}
		printPaths(stdout, c, o.Heights)
		return nil
	case "run":
		r, err := bench(ctx, o, stderr)
		if err != nil {
			return err
		}
		r.writeMarkdown(stdout)
		if o.Write != "" {
			return updateResults(o.Write, r)
		}
		return nil
	}
	return fmt.Errorf("%w: unknown sub-command %q", ErrUsage, args[0])
}
