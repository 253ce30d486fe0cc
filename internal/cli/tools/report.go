package tools

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"smartplay/internal/cli"
	"smartplay/player/report"
)

// reportUsage is the top of `smartplay report --help`.
const reportUsage = `usage: smartplay report EVENTS.jsonl... -o OUT.png|OUT.html [--title T] [--width PX]

Draws what the sessions of event logs (--events FILE of a player run, docs/EVENTS.md) did
over session time: the rendition shown and chosen, the forward buffer at each decision, the
measured throughput per download, stalls shaded on every panel, and a summary table (startup,
stalls, HD share, mean bitrate, switches, data, bad cases). Several logs are overlaid on shared
axes, one colour each, for a comparison. OUT.png is one image; OUT.html is a self-contained page
with the image and a table per session. Docs: docs/REPORTS.md.

flags:
`

// Report runs `smartplay report`.
func Report(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "output file: .png (one image) or .html (self-contained page)")
	title := fs.String("title", "", "the chart's title (default: the sessions' names)")
	width := fs.Int("width", report.DefaultWidth, fmt.Sprintf("image width in pixels (%d to %d)", report.MinWidth, report.MaxWidth))
	fs.Usage = func() {
		fmt.Fprint(stderr, reportUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(cli.Reorder(args, map[string]bool{"help": true, "h": true})); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 1
	}
	if err := runReport(fs.Args(), *out, report.Options{Title: *title, Width: *width}, stdout); err != nil {
		return cli.Fail(stderr, fmt.Errorf("report: %w", err))
	}
	return 0
}

func runReport(paths []string, out string, o report.Options, stdout io.Writer) error {
	switch {
	case out == "":
		return errors.New("no output: give -o OUT.png or -o OUT.html")
	case len(paths) == 0:
		return errors.New("no event logs: give one or more EVENTS.jsonl (see --help)")
	}
	if err := report.CheckOutput(out); err != nil {
		return err // before reading anything: a typo costs nothing
	}
	var ss []*report.Session
	for _, p := range paths {
		got, err := report.ReadFile(p)
		if err != nil {
			return err
		}
		ss = append(ss, got...)
	}
	if err := report.WriteFile(out, ss, o); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d session(s))\n", out, len(ss))
	return nil
}
