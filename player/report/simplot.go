package report

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"golang.org/x/sync/errgroup"

	"smartplay/player/sim"
)

// SimChart is one chart of a simulator run: the sessions of every
// strategy on one trace from one offset, overlaid.
type SimChart struct {
	// File is the chart's file name: the trace's name made safe for a
	// file system, and the offset when the trace holds several sessions,
	// e.g. "fcc_trace_1234.png", "hsdpa-bus.log_from-240s.png".
	File     string
	Title    string
	Sessions []*Session
}

// titleNamesMax: a title names up to this many strategies (the legend
// names them all); more would run off a chart's width.
const titleNamesMax = 4

// SimCharts groups a run's sessions by trace and offset (in the run's
// order), one chart each with the strategies overlaid: on one chart the
// strategies share the network, so where one stalls and another does not
// reads straight off it. traces, when given, put each trace's rate on its
// chart (matched by name). prefix starts each title (the model, the video).
func SimCharts(sessions []*sim.Session, traces []*sim.Trace, prefix string) []SimChart {
	byName := map[string]*sim.Trace{}
	for _, t := range traces {
		byName[t.Name] = t
	}
	type key struct {
		trace  string
		offset float64
	}
	offsets := map[string]map[float64]bool{}
	var order []key
	groups := map[key][]*sim.Session{}
	for _, s := range sessions {
		if s == nil {
			continue
		}
		k := key{s.Trace, s.Offset}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], s)
		if offsets[s.Trace] == nil {
			offsets[s.Trace] = map[float64]bool{}
		}
		offsets[s.Trace][s.Offset] = true
	}
	used := map[string]int{}
	var out []SimChart
	for _, k := range order {
		base := safeName(k.trace)
		where := ""
		if len(offsets[k.trace]) > 1 {
			base += fmt.Sprintf("_from-%gs", k.offset)
			where = fmt.Sprintf(" from %gs", k.offset)
		}
		if n := used[base]; n > 0 { // two names that read the same once made safe
			used[base]++
			base += fmt.Sprintf("-%d", n+1)
		} else {
			used[base] = 1
		}
		c := SimChart{File: base + ".png"}
		var names []string
		end := 0.0
		for _, s := range groups[k] {
			rs := FromSim(s, nil)
			c.Sessions = append(c.Sessions, rs)
			names = append(names, s.Strategy)
			end = max(end, rs.End)
		}
		if tr := byName[k.trace]; tr != nil { // one rate line for the chart, as long as its longest session
			rate := traceRate(tr, k.offset, end)
			for _, rs := range c.Sessions {
				rs.Trace, rs.TraceName = rate, tr.Name
			}
		}
		what := strings.Join(names, " vs ")
		if len(names) > titleNamesMax {
			what = fmt.Sprintf("%d strategies", len(names))
		}
		c.Title = fmt.Sprintf("trace %s%s: %s", k.trace, where, what)
		if prefix != "" {
			c.Title = prefix + ", " + c.Title
		}
		out = append(out, c)
	}
	return out
}

// safeName keeps letters, digits, '.', '-' and '_' of a trace's name
// (its path below the directory given) and turns the rest into '_'.
func safeName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	s := strings.Trim(b.String(), "._")
	if s == "" {
		s = "trace"
	}
	return s
}

// WriteSimCharts draws charts into dir (created if missing), on all
// CPUs, and returns the paths written, in the charts' order.
func WriteSimCharts(dir string, charts []SimChart, o Options) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	paths := make([]string, len(charts))
	var g errgroup.Group
	g.SetLimit(runtime.NumCPU())
	for i, c := range charts {
		paths[i] = filepath.Join(dir, c.File)
		g.Go(func() error {
			co := o
			co.Title = c.Title
			if err := WriteFile(paths[i], c.Sessions, co); err != nil {
				return fmt.Errorf("%s: %w", paths[i], err)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return paths, nil
}
