package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"smartplay/player/qoe"
	"smartplay/player/session"
)

// statusInterval is how often headless playback reports where it is: on a
// terminal the line is rewritten in place every second; in a log a line
// every ten seconds keeps the log readable.
const (
	statusIntervalTTY = time.Second
	statusIntervalLog = 10 * time.Second
)

// reportStatus prints a status line (position, rendition, stalls) until
// ctx ends. Headless playback is otherwise silent.
func reportStatus(ctx context.Context, s *session.Session, w io.Writer) {
	tty := IsTerminal(w)
	every := statusIntervalLog
	if tty {
		every = statusIntervalTTY
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			if tty {
				fmt.Fprintln(w)
			}
			return
		case <-t.C:
		}
		st := s.Consumer().Stats()
		label := "-"
		if l := s.Labels(); st.Variant >= 0 && st.Variant < len(l) {
			label = l[st.Variant]
		}
		state := "playing"
		switch {
		case st.Paused:
			state = "paused"
		case st.Buffering:
			state = "buffering"
		}
		line := fmt.Sprintf("%s / %s  %-6s %-9s stalls %d  dropped %d", clock(st.Position), clock(s.Duration()), label, state,
			st.Stalls, st.FramesDropped)
		if tty {
			fmt.Fprintf(w, "\r%s ", line)
		} else {
			fmt.Fprintln(w, line)
		}
	}
}

// printSummary prints the session's QoE in a few lines.
func printSummary(w io.Writer, sum qoe.Summary) {
	fmt.Fprintf(w, "played %.1f s, startup %.2f s, %d stall(s) %.1f s, %d switch(es), %d dropped frame(s), %.0f%% at 720p+, QoE %.2f/segment, %d bad case(s)\n",
		sum.PlayTime, sum.StartupDelay, sum.StallCount, sum.StallTime, sum.Switches, sum.DroppedFrames, sum.HDShare*100,
		sum.QoEPerChunk, sum.BadCases.Total)
}

func clock(d time.Duration) string {
	s := int(d.Seconds())
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}

// IsTerminal reports whether w is a terminal (progress lines redraw in
// place there; elsewhere they are printed once).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
