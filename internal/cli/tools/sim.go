package tools

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"smartplay/assets"
	"smartplay/internal/cli"
	"smartplay/player/abr"
	"smartplay/player/report"
	"smartplay/player/sim"
)

// simFlags are `smartplay sim`'s options.
type simFlags struct {
	traces, strategies                 []string
	model, video, csvPath, network     string
	plotDir                            string
	rtt, ttfb, maxBuffer, stride       time.Duration
	signal, workers, capKbps, budgetMB int
	asJSON, knownSizes, remember       bool
}

// listFlag collects a repeatable, comma-separated flag.
type listFlag struct{ dst *[]string }

func (l listFlag) String() string {
	if l.dst == nil {
		return ""
	}
	return strings.Join(*l.dst, ",")
}

func (l listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l.dst = append(*l.dst, s)
		}
	}
	return nil
}

var simBoolFlags = map[string]bool{"json": true, "known-sizes": true, "remember": true, "help": true, "h": true}

// simUsage is the top of `smartplay sim --help`.
const simUsage = `usage: smartplay sim --traces DIR... [--strategy NAME,...|all] [--model pensieve|realistic]
                    [--video FILE|DIR|builtin|envivio] [--json] [--csv FILE] [--plot DIR]

Runs adaptive-bitrate strategies over network traces in virtual time, every strategy over
every trace on all cores, and prints a table per strategy (or, with --json, one JSON object
per strategy a line). --csv writes one row per session. --plot DIR draws a chart per trace
(and per session offset in the realistic model) with the strategies overlaid: rendition,
buffer, throughput against the trace's rate, stalls shaded, and a summary table.

Traces (files, or directories searched recursively): Pensieve "seconds Mbit/s" rows, Mahimahi
packet timestamps, Ghent 4G/LTE JSON, NYU-METS CSV (2018 and 2020), UCC 5G G-NetTrack CSV.

Models:
  pensieve   Pensieve's chunk-level simulator exactly (48 chunks of 4 s, chunk 0 at 750 kbps,
             0.95 payload, 80 ms RTT per chunk, 60 s buffer); video builtin = envivio.
  realistic  the player's loop: 10 s segments of the built-in ladder's real sizes, playlists
             first, RTT before every first byte (--rtt), a 30 s buffer, deadlines with abort
             and refetch one rung lower, the strategy's own startup decision; sessions of the
             video's length tile each trace (--stride).

Strategies: ` + "%s" + `

flags:
`

// Sim runs `smartplay sim`.
func Sim(args []string, stdout, stderr io.Writer) int {
	var f simFlags
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Var(listFlag{&f.traces}, "traces", "trace files or directories (repeatable, comma-separated; extra arguments are traces too)")
	fs.Var(listFlag{&f.strategies}, "strategy", "strategies to run, comma-separated, or all (default all); fixed:720p or fixed:N (1 = lowest) pins a rendition")
	fs.StringVar(&f.model, "model", "pensieve", "pensieve or realistic")
	fs.StringVar(&f.video, "video", "builtin", "builtin (envivio for pensieve, the built-in ladder for realistic), envivio, an HLS directory, or a sizes file (docs in player/sim LoadVideo)")
	fs.BoolVar(&f.asJSON, "json", false, "print one JSON object per strategy instead of the table")
	fs.StringVar(&f.csvPath, "csv", "", "write one row per session (trace) to this CSV file")
	fs.StringVar(&f.plotDir, "plot", "", "draw a chart per trace (and session offset) into this directory, the strategies overlaid (docs/REPORTS.md)")
	fs.DurationVar(&f.rtt, "rtt", sim.DefaultRTT, "realistic: round trip before every request's first byte")
	fs.DurationVar(&f.ttfb, "ttfb", 0, "realistic: the origin's extra delay to first byte")
	fs.DurationVar(&f.maxBuffer, "max-buffer", sim.DefaultMaxBuffer, "realistic: the player's forward-buffer limit")
	fs.DurationVar(&f.stride, "stride", 0, "realistic: trace time between session starts (default the video's length; negative: one session per trace)")
	fs.BoolVar(&f.knownSizes, "known-sizes", false, "realistic: show strategies the next 5 segment sizes (as BYTERANGE playlists do)")
	fs.BoolVar(&f.remember, "remember", false, "realistic: each session after the first on a trace starts with the previous one's memory (rendition, throughput)")
	fs.StringVar(&f.network, "network", "unknown", "realistic: network type hint: wifi, cellular, ethernet or unknown")
	fs.IntVar(&f.signal, "signal", -1, "realistic: signal strength hint 0-4 (-1 unknown)")
	fs.IntVar(&f.capKbps, "cellular-cap", 0, "realistic: bitrate cap in kbps on a cellular network (0 none)")
	fs.IntVar(&f.budgetMB, "data-budget", 0, "realistic: data budget per session in MB on a cellular network (0 none)")
	fs.IntVar(&f.workers, "workers", 0, "sessions simulated in parallel (default: the number of CPUs)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, simUsage, strings.Join(abr.Names(), ", "))
		fs.PrintDefaults()
	}
	if err := fs.Parse(cli.Reorder(args, simBoolFlags)); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 1
	}
	f.traces = append(f.traces, fs.Args()...)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := runSim(ctx, f, stdout, stderr); err != nil {
		return cli.Fail(stderr, fmt.Errorf("sim: %w", err))
	}
	return 0
}

func runSim(ctx context.Context, f simFlags, stdout, stderr io.Writer) error {
	if len(f.traces) == 0 {
		return errors.New("no traces: give --traces DIR (see --help)")
	}
	o := sim.Options{Model: sim.Model(strings.ToLower(f.model)), Workers: f.workers}
	if o.Model != sim.ModelPensieve && o.Model != sim.ModelRealistic {
		return fmt.Errorf("--model %q: want pensieve or realistic", f.model)
	}
	var err error
	if len(f.strategies) == 0 {
		f.strategies = []string{"all"}
	}
	if o.Traces, err = sim.LoadTraces(f.traces...); err != nil {
		return err
	}
	if o.Video, err = simVideo(ctx, f.video, o.Model, stderr); err != nil {
		return err
	}
	if o.Strategies, err = sim.Specs(o.Video, f.strategies...); err != nil {
		return err
	}
	hint := abr.NetworkHint{Type: abr.NetworkType(strings.ToLower(f.network)), Signal: f.signal}
	switch hint.Type {
	case "unknown":
		hint.Type = abr.NetworkUnknown
	case abr.NetworkWiFi, abr.NetworkCellular, abr.NetworkEthernet:
	default:
		return fmt.Errorf("--network %q: want wifi, cellular, ethernet or unknown", f.network)
	}
	if f.signal < -1 || f.signal > 4 {
		return fmt.Errorf("--signal %d: want 0-4 or -1", f.signal)
	}
	rtt := f.rtt
	if rtt == 0 {
		rtt = -1 // the flag's 0 means no RTT; the config's 0 means the default
	}
	if f.capKbps < 0 || f.budgetMB < 0 {
		return errors.New("--cellular-cap and --data-budget must not be negative")
	}
	o.Realistic = sim.RealisticConfig{RTT: rtt, TTFB: f.ttfb, MaxBuffer: f.maxBuffer, Stride: f.stride,
		KnownSizes: f.knownSizes, Remember: f.remember, Network: hint, CellularCap: int64(f.capKbps) * 1000, DataBudget: int64(f.budgetMB) * 1_000_000}
	var bar *progressBar
	if cli.IsTerminal(stderr) {
		bar = &progressBar{w: stderr}
		o.Progress = bar.update
	}
	start := time.Now()
	res, err := sim.Run(ctx, o)
	if bar != nil {
		bar.finish()
	}
	if err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Fprintf(stderr, "%d sessions (%d strategies × %d traces, %s model, video %s) in %.2f s: %.0f sessions/s\n",
		len(res.Sessions), len(o.Strategies), len(o.Traces), o.Model, o.Video.Name, took.Seconds(),
		float64(len(res.Sessions))/took.Seconds())
	if f.csvPath != "" {
		if err := writeSimCSV(f.csvPath, res.Sessions); err != nil {
			return err
		}
	}
	if f.plotDir != "" {
		charts := report.SimCharts(res.Sessions, o.Traces, fmt.Sprintf("sim, %s model, video %s", o.Model, o.Video.Name))
		paths, err := report.WriteSimCharts(f.plotDir, charts, report.Options{})
		if err != nil {
			return fmt.Errorf("--plot: %w", err)
		}
		fmt.Fprintf(stderr, "%d charts in %s\n", len(paths), f.plotDir)
	}
	if f.asJSON {
		return sim.WriteJSON(stdout, res.Summaries)
	}
	return sim.WriteTable(stdout, res.Summaries)
}

// simVideo resolves --video for the model.
func simVideo(ctx context.Context, name string, model sim.Model, stderr io.Writer) (*sim.Video, error) {
	switch {
	case name == "envivio" || (name == "builtin" && model == sim.ModelPensieve):
		return sim.Envivio(), nil
	case name == "builtin":
		dir, err := assets.Ensure(ctx, assets.Options{Progress: stderr})
		if err != nil {
			return nil, fmt.Errorf("built-in ladder: %w", err)
		}
		v, err := sim.VideoFromHLS(dir)
		if err != nil {
			return nil, err
		}
		v.Name = "builtin"
		return v, nil
	}
	return sim.LoadVideo(name)
}

func writeSimCSV(path string, sessions []*sim.Session) error {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := sim.WriteCSV(fh, sessions); err != nil {
		fh.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return fh.Close()
}

// progressBar draws "[#####.....] done/total" on one terminal line.
type progressBar struct {
	w     io.Writer
	last  time.Time
	drawn bool
}

// progressInterval: redrawing more often only costs terminal time.
const progressInterval = 100 * time.Millisecond

// progressWidth is the bar's width in cells.
const progressWidth = 40

func (p *progressBar) update(done, total int) {
	if done < total && time.Since(p.last) < progressInterval {
		return
	}
	p.last = time.Now()
	n := progressWidth * done / max(total, 1)
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d sessions", strings.Repeat("#", n), strings.Repeat(".", progressWidth-n), done, total)
	p.drawn = true
}

func (p *progressBar) finish() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
