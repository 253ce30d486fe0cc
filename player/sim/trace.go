package sim

import (
	"fmt"
	"math"
	"sort"
)

// TraceFormat is the file format a trace was read from.
type TraceFormat string

// Trace formats ParseTrace recognises (see its comment for each layout).
const (
	FormatPensieve     TraceFormat = "pensieve"      // "seconds Mbit/s" rows
	FormatMahimahi     TraceFormat = "mahimahi"      // millisecond packet timestamps
	FormatGhentJSON    TraceFormat = "ghent-json"    // Ghent 4G/LTE logs in ReCoCo's JSON
	FormatNYUMETS      TraceFormat = "nyu-mets"      // NYU-METS 2018: "value,unit" per second
	FormatNYUMultivar  TraceFormat = "nyu-mets-2020" // NYU-METS 2020: 8 numbers per second, Mbit/s first
	FormatUCC5G        TraceFormat = "ucc-5g"        // UCC 5G G-NetTrack CSV, DL_bitrate in kbit/s
	FormatConstantRate TraceFormat = "constant"      // made by ConstantTrace
)

// bitsPerMbit: trace rates are in Mbit/s with 1 Mbit = 10^6 bit.
const bitsPerMbit = 1e6

// Trace is a link's throughput over time in Pensieve's form, whatever the
// file it came from: row i's rate Mbps[i] holds over (Time[i-1], Time[i]]
// and row 0's rate is never used. Times are seconds and strictly
// increasing after row 0 (equal times are dropped by the parsers); the
// trace loops. The Pensieve model reads these rows exactly as Pensieve's
// simulator does; the realistic model integrates them (Link).
type Trace struct {
	Name   string // where it came from (a path relative to the directory given), for reports
	Format TraceFormat
	Time   []float64 // seconds
	Mbps   []float64 // Mbit/s
}

// ConstantTrace is a link of a fixed rate in Mbit/s (> 0), one row a second
// for period seconds.
func ConstantTrace(mbps float64, period int) (*Trace, error) {
	if !(mbps > 0) || math.IsInf(mbps, 0) || period < 1 {
		return nil, fmt.Errorf("%w: constant rate %v Mbit/s over %d s", ErrTrace, mbps, period)
	}
	t := &Trace{Name: fmt.Sprintf("constant-%gmbps", mbps), Format: FormatConstantRate}
	for i := 0; i <= period; i++ {
		t.Time = append(t.Time, float64(i))
		t.Mbps = append(t.Mbps, mbps)
	}
	return t, nil
}

// check reports a trace the models cannot run: fewer than two rows, time
// going back, bad numbers, or a link that never delivers a byte (Pensieve's
// download loop would never end).
func (t *Trace) check() error {
	if len(t.Time) < 2 || len(t.Time) != len(t.Mbps) {
		return fmt.Errorf("%w %s: needs at least two rows", ErrTrace, t.Name)
	}
	anyRate := false
	for i := range t.Time {
		if math.IsNaN(t.Time[i]) || math.IsInf(t.Time[i], 0) || math.IsNaN(t.Mbps[i]) || math.IsInf(t.Mbps[i], 0) || t.Mbps[i] < 0 {
			return fmt.Errorf("%w %s: row %d is not a time and a rate", ErrTrace, t.Name, i)
		}
		if i > 0 && t.Time[i] < t.Time[i-1] {
			return fmt.Errorf("%w %s: time goes back at row %d", ErrTrace, t.Name, i)
		}
		if i > 0 && t.Mbps[i] > 0 && t.Time[i] > t.Time[i-1] {
			anyRate = true
		}
	}
	if !anyRate {
		return fmt.Errorf("%w %s: the link never delivers a byte", ErrTrace, t.Name)
	}
	return nil
}

// Duration is the length of one loop in seconds (last time − first time).
func (t *Trace) Duration() float64 { return t.Time[len(t.Time)-1] - t.Time[0] }

// MeanMbps is the time-weighted mean rate over one loop.
func (t *Trace) MeanMbps() float64 {
	var bits float64
	for i := 1; i < len(t.Time); i++ {
		bits += t.Mbps[i] * (t.Time[i] - t.Time[i-1])
	}
	if d := t.Duration(); d > 0 {
		return bits / d
	}
	return 0
}

// Link is a trace integrated for the realistic model, with player/netem's
// shaping semantics: the link delivers exactly the trace's bytes (no
// payload factor), piecewise constant, looping, and banks nothing while
// idle. Times are seconds since the trace's start.
type Link struct {
	ends []float64 // end of interval i; it starts at ends[i-1] (or 0)
	cum  []float64 // bytes deliverable from 0 to ends[i]
}

// NewLink integrates t (which must pass the parsers' checks).
func NewLink(t *Trace) (*Link, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	l := &Link{}
	t0, total := t.Time[0], 0.0
	for i := 1; i < len(t.Time); i++ {
		end := t.Time[i] - t0
		start := 0.0
		if n := len(l.ends); n > 0 {
			start = l.ends[n-1]
		}
		if end <= start {
			continue
		}
		total += t.Mbps[i] * bitsPerMbit / 8 * (end - start)
		l.ends = append(l.ends, end)
		l.cum = append(l.cum, total)
	}
	return l, nil
}

// period is one loop's length in seconds; total its bytes.
func (l *Link) period() float64 { return l.ends[len(l.ends)-1] }
func (l *Link) total() float64  { return l.cum[len(l.cum)-1] }

// BytesAt is how many bytes the link may deliver from its start to time x
// (seconds, the trace looping).
func (l *Link) BytesAt(x float64) float64 {
	if x <= 0 {
		return 0
	}
	loops := math.Floor(x / l.period())
	r := x - loops*l.period()
	i := sort.SearchFloat64s(l.ends, r)
	if i < len(l.ends) && l.ends[i] == r {
		return loops*l.total() + l.cum[i]
	}
	start, prev := 0.0, 0.0
	if i > 0 {
		start, prev = l.ends[i-1], l.cum[i-1]
	}
	b := loops*l.total() + prev
	if i < len(l.ends) {
		b += (l.cum[i] - prev) / (l.ends[i] - start) * (r - start)
	}
	return b
}

// TimeOf is the earliest time by which the link may have delivered b bytes.
func (l *Link) TimeOf(b float64) float64 {
	if b <= 0 {
		return 0
	}
	loops := math.Floor(b / l.total())
	rb := b - loops*l.total()
	if rb <= 0 && loops > 0 {
		// A whole number of loops: the last byte of the previous loop, which
		// may come before a stretch of zero rate at its end.
		loops--
		rb = l.total()
	}
	i := sort.SearchFloat64s(l.cum, rb)
	if i == len(l.cum) {
		i = len(l.cum) - 1
	}
	start, prev := 0.0, 0.0
	if i > 0 {
		start, prev = l.ends[i-1], l.cum[i-1]
	}
	within := 0.0
	if span := l.cum[i] - prev; span > 0 {
		within = (rb - prev) / span * (l.ends[i] - start)
	}
	return loops*l.period() + start + within
}
