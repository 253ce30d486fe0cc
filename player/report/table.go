package report

import (
	"fmt"
	"strings"
)

// tableHeader names the summary table's columns (PNG and HTML).
var tableHeader = []string{"session", "strategy", "startup", "stalls", "stall time", "HD share",
	"mean bitrate", "switches", "data", "bad cases", "QoE/segment"}

// noFigure stands for a figure the session does not have (a log cut
// short before session_end).
const noFigure = "—"

// summaryRow is one session's row of the summary table: player/qoe's
// figures from session_end (or the simulator's Metrics), and the bytes.
func summaryRow(s *Session) []string {
	row := []string{s.Name, strategyText(s)}
	q := s.QoE
	if q == nil {
		for range tableHeader[2:8] {
			row = append(row, noFigure)
		}
		row = append(row, megabytes(s.Bytes), noFigure, noFigure)
		return row
	}
	return append(row,
		fmt.Sprintf("%.2f s", q.StartupDelay),
		fmt.Sprintf("%d", q.StallCount),
		fmt.Sprintf("%.2f s (%.1f%%)", q.StallTime, 100*q.StallRatio),
		fmt.Sprintf("%.1f%%", 100*q.HDShare),
		fmt.Sprintf("%.0f kbit/s", q.MeanBitrateKbps),
		fmt.Sprintf("%d (%d↑ %d↓)", q.Switches, q.SwitchesUp, q.SwitchesDown),
		megabytes(s.Bytes),
		badCases(q.BadCases.Total, q.BadCases.StallAfterUpswitch, q.BadCases.AboveThroughputLowBuffer, q.BadCases.StuckAtLowest),
		fmt.Sprintf("%.3f", q.QoEPerChunk),
	)
}

// badCases is the total and, when there are any, which.
func badCases(total, afterUp, above, stuck int) string {
	if total == 0 {
		return "0"
	}
	var parts []string
	for _, c := range []struct {
		n    int
		what string
	}{{afterUp, "stall after upswitch"}, {above, "above throughput, low buffer"}, {stuck, "stuck at lowest"}} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.what))
		}
	}
	return fmt.Sprintf("%d (%s)", total, strings.Join(parts, ", "))
}

func megabytes(b int64) string { return fmt.Sprintf("%.1f MB", float64(b)/1e6) }

// strategyText is what chose the renditions: the strategy, or the
// viewer's pin (the log names the auto strategy even when pinned).
func strategyText(s *Session) string {
	if s.Quality != "" && s.Quality != "auto" {
		return "pinned " + s.Quality
	}
	return s.Strategy
}

// displayName is a session's legend entry: its name and, when the name
// does not say it, its strategy.
func displayName(s *Session) string {
	st := strategyText(s)
	if st == "" || strings.Contains(s.Name, st) {
		return s.Name
	}
	return s.Name + " (" + st + ")"
}

// defaultTitle names the chart after its sessions.
func defaultTitle(ss []*Session) string {
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = displayName(s)
	}
	if len(ss) == 1 {
		return "smartplay session: " + names[0]
	}
	return "smartplay sessions: " + strings.Join(names, " vs ")
}
