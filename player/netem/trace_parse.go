package netem

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Limits on a trace file. The largest real traces are a few MB (a 13-min
// Mahimahi LTE drive is 2.5 MB); anything far larger is not a trace.
const (
	// MaxTraceBytes bounds the file read.
	MaxTraceBytes = 64 << 20
	// maxPensieveMbps: 100 Gbit/s is beyond any access link; a larger
	// value is a unit mistake (bit/s instead of Mbit/s).
	maxPensieveMbps = 100_000
	// maxTraceDuration: a day; longer timestamps are a unit mistake.
	maxTraceDuration = 24 * time.Hour
)

// LoadTrace reads and parses a trace file (format detected).
func LoadTrace(path string) (*Trace, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrTrace, err)
	}
	defer f.Close()
	return ParseTrace(filepath.Base(path), f)
}

// ParseTrace reads a Pensieve or Mahimahi trace from r, detecting the
// format from its first data line: two numbers (seconds, Mbit/s) is
// Pensieve, one integer (milliseconds) is Mahimahi. Blank lines and lines
// starting with '#' are skipped. name is used in errors.
func ParseTrace(name string, r io.Reader) (*Trace, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxTraceBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w %s: %v", ErrTrace, name, err)
	}
	if len(data) > MaxTraceBytes {
		return nil, fmt.Errorf("%w %s: larger than %d MB", ErrTrace, name, MaxTraceBytes>>20)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 4096)
	p := traceParser{name: name}
	for sc.Scan() {
		p.line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || s[0] == '#' {
			continue
		}
		if err := p.add(strings.Fields(s)); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w %s line %d: %v", ErrTrace, name, p.line+1, err)
	}
	switch p.format {
	case Pensieve:
		return p.pensieve()
	case Mahimahi:
		return p.mahimahi()
	}
	return nil, fmt.Errorf("%w %s: no samples", ErrTrace, name)
}

// traceParser accumulates the data lines of one trace.
type traceParser struct {
	name   string
	line   int
	format Format
	// Pensieve rows.
	times, mbps []float64
	// Mahimahi timestamps, in ms.
	stamps []int64
}

func (p *traceParser) fail(format string, a ...any) error {
	return fmt.Errorf("%w %s line %d: %s", ErrTrace, p.name, p.line, fmt.Sprintf(format, a...))
}

func (p *traceParser) add(f []string) error {
	if p.format == "" {
		switch len(f) {
		case 1:
			p.format = Mahimahi
		case 2:
			p.format = Pensieve
		default:
			return p.fail("%d columns: want two (Pensieve: seconds, Mbit/s) or one (Mahimahi: milliseconds)", len(f))
		}
	}
	if p.format == Mahimahi {
		if len(f) != 1 {
			return p.fail("%d columns in a Mahimahi trace (one millisecond timestamp per line)", len(f))
		}
		ms, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil || ms < 0 {
			return p.fail("%q is not a millisecond timestamp", f[0])
		}
		if ms > maxTraceDuration.Milliseconds() {
			return p.fail("timestamp %d ms is beyond %v", ms, maxTraceDuration)
		}
		if n := len(p.stamps); n > 0 && ms < p.stamps[n-1] {
			return p.fail("timestamp %d ms goes back (previous %d ms)", ms, p.stamps[n-1])
		}
		p.stamps = append(p.stamps, ms)
		return nil
	}
	if len(f) != 2 {
		return p.fail("%d columns in a Pensieve trace (seconds, Mbit/s)", len(f))
	}
	t, err1 := strconv.ParseFloat(f[0], 64)
	r, err2 := strconv.ParseFloat(f[1], 64)
	switch {
	case err1 != nil || math.IsNaN(t) || t < 0 || t > maxTraceDuration.Seconds():
		return p.fail("%q is not a time in seconds", f[0])
	case err2 != nil || math.IsNaN(r) || r < 0 || r > maxPensieveMbps:
		return p.fail("%q is not a rate in Mbit/s", f[1])
	}
	if n := len(p.times); n > 0 && t < p.times[n-1] {
		return p.fail("time %v s goes back (previous %v s)", t, p.times[n-1])
	}
	p.times = append(p.times, t)
	p.mbps = append(p.mbps, r)
	return nil
}

// pensieve builds the intervals: row i's rate from row i-1 to row i.
// Rows with the same time as the previous one add an empty interval and
// are dropped.
func (p *traceParser) pensieve() (*Trace, error) {
	if len(p.times) < 2 {
		return nil, fmt.Errorf("%w %s: a Pensieve trace needs at least two rows", ErrTrace, p.name)
	}
	t0 := p.times[0]
	var r runs
	for i := 1; i < len(p.times); i++ {
		end := time.Duration(math.Round((p.times[i] - t0) * float64(time.Second)))
		start := time.Duration(0)
		if n := len(r.ends); n > 0 {
			start = r.ends[n-1]
		}
		if end > start {
			r.push(end, p.mbps[i]*bitsPerMbit/8*(end-start).Seconds())
		}
	}
	return newTrace(p.name, Pensieve, r.ends, r.cum)
}

// mahimahi builds one interval per run of milliseconds with the same
// number of packets: packets at timestamp k are spread over [k, k+1) ms.
// A timestamp equal to the period is the first instant of the next loop,
// so it counts in millisecond 0.
func (p *traceParser) mahimahi() (*Trace, error) {
	if len(p.stamps) == 0 {
		return nil, fmt.Errorf("%w %s: no samples", ErrTrace, p.name)
	}
	period := p.stamps[len(p.stamps)-1]
	if period <= 0 {
		return nil, fmt.Errorf("%w %s: the last timestamp is 0 ms: the trace lasts no time", ErrTrace, p.name)
	}
	// Packets per millisecond, in time order (stamps are sorted).
	var wrapped int64
	for _, ms := range p.stamps {
		if ms == period {
			wrapped++
		}
	}
	type bucket struct{ ms, n int64 }
	var buckets []bucket
	if wrapped > 0 {
		buckets = append(buckets, bucket{0, wrapped})
	}
	for _, ms := range p.stamps {
		if ms == period {
			break
		}
		if n := len(buckets); n > 0 && buckets[n-1].ms == ms {
			buckets[n-1].n++
		} else {
			buckets = append(buckets, bucket{ms, 1})
		}
	}
	var r runs
	cursor := int64(0)
	for _, b := range buckets {
		if b.ms > cursor {
			r.push(time.Duration(b.ms)*time.Millisecond, 0)
		}
		r.push(time.Duration(b.ms+1)*time.Millisecond, float64(b.n*mahimahiPacketBytes))
		cursor = b.ms + 1
	}
	if cursor < period {
		r.push(time.Duration(period)*time.Millisecond, 0)
	}
	return newTrace(p.name, Mahimahi, r.ends, r.cum)
}

// runs builds a trace's intervals, merging neighbours of equal rate.
type runs struct {
	ends  []time.Duration
	cum   []float64
	total float64
	rate  float64 // bytes/ns of the last interval
}

// push adds an interval from the last end to end carrying bytes.
func (r *runs) push(end time.Duration, bytes float64) {
	start := time.Duration(0)
	if n := len(r.ends); n > 0 {
		start = r.ends[n-1]
	}
	if end <= start {
		return
	}
	rate := bytes / float64(end-start)
	r.total += bytes
	if n := len(r.ends); n > 0 && rate == r.rate {
		r.ends[n-1], r.cum[n-1] = end, r.total
		return
	}
	r.ends = append(r.ends, end)
	r.cum = append(r.cum, r.total)
	r.rate = rate
}
