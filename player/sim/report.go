package sim

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
)

// WriteTable prints one row per strategy, aligned.
func WriteTable(w io.Writer, sums []Summary) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "strategy\tsessions\tQoE/chunk\tQoE/chunk 1-\tMbps\trebuf s/chunk\tstall ratio\tHD share\tswitch/chunk\tstartup s\tstalls\taborts\tbad cases\t")
	for _, s := range sums {
		fmt.Fprintf(tw, "%s\t%d\t%.6f\t%.6f\t%.4f\t%.6f\t%.4f\t%.4f\t%.4f\t%.3f\t%d\t%d\t%d\t\n",
			s.Strategy, s.Sessions, s.QoEPerChunk, s.QoEPerChunkAfterFirst, s.BitrateMbps, s.RebufferPerChunk,
			s.StallRatio, s.HDShare, s.SwitchesPerChunk, s.Startup, s.Stalls, s.Aborts, s.Bad.Total)
	}
	return tw.Flush()
}

// WriteJSON prints one JSON object per strategy, one per line.
func WriteJSON(w io.Writer, sums []Summary) error {
	enc := json.NewEncoder(w)
	for _, s := range sums {
		if err := enc.Encode(s); err != nil {
			return err
		}
	}
	return nil
}

// csvHeader names WriteCSV's columns.
var csvHeader = []string{
	"strategy", "trace", "offset_s", "chunks", "qoe_per_chunk", "qoe_per_chunk_after_first", "qoe_after_first",
	"bitrate_mbps", "rebuffer_s_per_chunk", "smooth_mbps_per_chunk", "startup_s", "stalls", "stall_s",
	"stall_ratio", "hd_share", "switches", "switches_up", "switches_down", "oscillations", "aborts",
	"wasted_bytes", "bad_stall_after_upswitch", "bad_above_throughput_low_buffer", "bad_stuck_at_lowest",
}

// WriteCSV writes one row per session (per trace, and per offset in the
// realistic model) with its Metrics.
func WriteCSV(w io.Writer, sessions []*Session) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	d := strconv.Itoa
	for _, s := range sessions {
		m := s.Metrics()
		row := []string{s.Strategy, s.Trace, f(s.Offset), d(m.Segments), f(m.QoEPerChunk), f(m.QoEPerChunkAfterFirst),
			f(m.QoEAfterFirst), f(m.BitrateMbps), f(m.RebufferPerChunk), f(m.SmoothnessPerChunk), f(m.StartupDelay),
			d(m.StallCount), f(m.StallTime), f(m.StallRatio), f(m.HDShare), d(m.Switches), d(m.SwitchesUp),
			d(m.SwitchesDown), d(m.Oscillations), d(m.Aborts), strconv.FormatInt(m.WastedBytes, 10),
			d(m.BadCases.StallAfterUpswitch), d(m.BadCases.AboveThroughputLowBuffer), d(m.BadCases.StuckAtLowest)}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
