package netem

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// Format is a bandwidth trace's file format.
type Format string

// Trace formats, detected by ParseTrace.
const (
	// Pensieve: two columns per line, time in seconds and throughput in
	// Mbit/s; row i's rate holds from row i-1's time to its own (row 0's
	// rate is never used), as in Pensieve's simulator.
	Pensieve Format = "pensieve"
	// Mahimahi: one integer per line, a millisecond timestamp at which one
	// 1500-byte packet may be delivered; repeated timestamps are several
	// packets in the same millisecond. The loop period is the last one.
	Mahimahi Format = "mahimahi"
	// Constant is a trace made by ConstantTrace, not parsed from a file.
	Constant Format = "constant"
)

// mahimahiPacketBytes is the size of one Mahimahi delivery opportunity
// (an Ethernet MTU, as mm-link uses).
const mahimahiPacketBytes = 1500

// bitsPerMbit: trace rates are in Mbit/s with 1 Mbit = 10^6 bit.
const bitsPerMbit = 1e6

// Trace is a link's capacity over time: a sequence of intervals, each
// with a constant rate, that repeats forever (traces loop). It is
// immutable and safe for concurrent use.
type Trace struct {
	// Name is where the trace came from (a file name), for messages.
	Name string
	// Format is the file format it was parsed from.
	Format Format
	// ends[i] is the end of interval i since the trace's start; interval
	// i starts at ends[i-1] (or 0). The last end is the loop period.
	ends []time.Duration
	// cum[i] is the bytes the link may deliver from the start to ends[i].
	cum []float64
}

// newTrace checks and returns a trace of the given intervals.
func newTrace(name string, f Format, ends []time.Duration, cum []float64) (*Trace, error) {
	if len(ends) == 0 || len(ends) != len(cum) {
		return nil, fmt.Errorf("%w %s: no samples", ErrTrace, name)
	}
	if ends[len(ends)-1] <= 0 {
		return nil, fmt.Errorf("%w %s: it lasts no time", ErrTrace, name)
	}
	if cum[len(cum)-1] <= 0 {
		return nil, fmt.Errorf("%w %s: the link never delivers a byte", ErrTrace, name)
	}
	return &Trace{Name: name, Format: f, ends: ends, cum: cum}, nil
}

// ConstantTrace is a link of a fixed rate in Mbit/s (> 0).
func ConstantTrace(mbps float64) (*Trace, error) {
	if !(mbps > 0) || math.IsInf(mbps, 0) {
		return nil, fmt.Errorf("%w: constant rate %v Mbit/s", ErrTrace, mbps)
	}
	const period = time.Second
	return newTrace(fmt.Sprintf("constant %g Mbit/s", mbps), Constant,
		[]time.Duration{period}, []float64{mbps * bitsPerMbit / 8})
}

// Period is the length of one loop of the trace.
func (t *Trace) Period() time.Duration { return t.ends[len(t.ends)-1] }

// MeanMbps is the mean rate over one loop, in Mbit/s.
func (t *Trace) MeanMbps() float64 {
	return t.cum[len(t.cum)-1] * 8 / bitsPerMbit / t.Period().Seconds()
}

// Scaled returns the same trace with every rate multiplied by f (> 0).
func (t *Trace) Scaled(f float64) (*Trace, error) {
	if !(f > 0) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("%w: scale factor %v", ErrTrace, f)
	}
	cum := make([]float64, len(t.cum))
	for i, c := range t.cum {
		cum[i] = c * f
	}
	return newTrace(fmt.Sprintf("%s ×%g", t.Name, f), t.Format, t.ends, cum)
}

// BytesAt is the number of bytes the link may deliver from its start to d
// (d ≥ 0), the trace looping.
func (t *Trace) BytesAt(d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	period, total := t.Period(), t.cum[len(t.cum)-1]
	loops := d / period
	r := d - loops*period
	// First interval that ends after r.
	i := sort.Search(len(t.ends), func(i int) bool { return t.ends[i] > r })
	var start time.Duration
	var prev float64
	if i > 0 {
		start, prev = t.ends[i-1], t.cum[i-1]
	}
	b := float64(loops)*total + prev
	if i < len(t.ends) {
		rate := (t.cum[i] - prev) / float64(t.ends[i]-start)
		b += rate * float64(r-start)
	}
	return b
}

// TimeOf is the earliest time since the link's start by which it may
// have delivered b bytes: BytesAt(TimeOf(b)) ≥ b (within rounding).
func (t *Trace) TimeOf(b float64) time.Duration {
	if b <= 0 {
		return 0
	}
	period, total := t.Period(), t.cum[len(t.cum)-1]
	loops := math.Floor(b / total)
	rb := b - loops*total
	if rb <= 0 && loops > 0 {
		// Exactly a whole number of loops: the last byte of the previous
		// loop, which may come before a stretch of zero rate at its end.
		loops--
		rb = total
	}
	i := sort.Search(len(t.cum), func(i int) bool { return t.cum[i] >= rb })
	if i == len(t.cum) { // rounding: rb a hair above total
		i = len(t.cum) - 1
	}
	var start time.Duration
	var prev float64
	if i > 0 {
		start, prev = t.ends[i-1], t.cum[i-1]
	}
	within := 0.0
	if span := t.cum[i] - prev; span > 0 {
		within = math.Ceil((rb - prev) / span * float64(t.ends[i]-start))
	}
	return time.Duration(loops)*period + start + time.Duration(within)
}

// NextChange is the end of the interval of constant rate that holds d
// (the first time after d at which the rate may change).
func (t *Trace) NextChange(d time.Duration) time.Duration {
	if d < 0 {
		return 0
	}
	period := t.Period()
	loops := d / period
	r := d - loops*period
	i := sort.Search(len(t.ends), func(i int) bool { return t.ends[i] > r })
	return loops*period + t.ends[i]
}

// RateAt is the trace's rate at d, in Mbit/s.
func (t *Trace) RateAt(d time.Duration) float64 {
	if d < 0 {
		d = 0
	}
	r := d % t.Period()
	i := sort.Search(len(t.ends), func(i int) bool { return t.ends[i] > r })
	var start time.Duration
	var prev float64
	if i > 0 {
		start, prev = t.ends[i-1], t.cum[i-1]
	}
	return (t.cum[i] - prev) * 8 / bitsPerMbit / (float64(t.ends[i]-start) / float64(time.Second))
}
