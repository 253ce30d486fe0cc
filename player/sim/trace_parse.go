package sim

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"smartplay/player/netem"
)

// Limits on what a trace file may hold.
const (
	// MaxTraceBytes bounds one trace file: the largest real ones are a few
	// MB (NYU-METS' six-hour multivariate logs are ~1 MB, a 13-min
	// Mahimahi LTE drive 2.5 MB).
	MaxTraceBytes = 64 << 20
	// maxTraceMbps: 100 Gbit/s is beyond any access link; more is a unit
	// mistake.
	maxTraceMbps = 100_000
	// maxTraceSeconds: a week; longer timestamps are a unit mistake.
	maxTraceSeconds = 7 * 24 * 3600
)

// ParseTrace reads a bandwidth trace, detecting its format from the
// content (name is used in errors and as the trace's name):
//   - '{' first: Ghent 4G/LTE JSON (ReCoCo/AlphaRTC form): each
//     uplink.trace_pattern element is capacity bytes/ms (× 8/1000 = Mbit/s)
//     over (time − duration/1000, time] seconds.
//   - a "Timestamp,…,DL_bitrate,…" header: UCC 5G (G-NetTrack); DL_bitrate
//     kbit/s placed at its 1 s timestamp, rows sharing a second averaged,
//     skipped seconds holding the previous value.
//   - comma-separated "number,unit" lines (optional "Value,Unit" header,
//     CRLF, reconnection lines skipped): NYU-METS 2018, one 1 s iPerf
//     report per line in Mbits/sec, Kbits/sec or bits/sec.
//   - comma-separated numbers: NYU-METS 2020 multivariate, first column
//     Mbit/s, one line a second.
//   - two whitespace-separated numbers: Pensieve (seconds, Mbit/s), kept
//     exactly as written.
//   - one integer: Mahimahi (millisecond delivery opportunities of 1500
//     bytes), parsed by player/netem and turned into rows.
func ParseTrace(name string, data []byte) (*Trace, error) {
	if len(data) > MaxTraceBytes {
		return nil, fmt.Errorf("%w %s: larger than %d MB", ErrTrace, name, MaxTraceBytes>>20)
	}
	trimmed := bytes.TrimSpace(data)
	var (
		t   *Trace
		err error
	)
	first, _, _ := bytes.Cut(trimmed, []byte("\n"))
	first = bytes.TrimSpace(first)
	switch {
	case len(trimmed) == 0:
		return nil, fmt.Errorf("%w %s: empty", ErrTrace, name)
	case trimmed[0] == '{':
		t, err = parseGhent(name, trimmed)
	case bytes.HasPrefix(first, []byte("Timestamp,")):
		t, err = parseUCC(name, trimmed)
	case bytes.Contains(first, []byte(",")):
		t, err = parseNYU(name, trimmed)
	case len(strings.Fields(string(first))) == 1:
		t, err = parseMahimahi(name, data)
	default:
		t, err = parsePensieve(name, trimmed)
	}
	if err != nil {
		return nil, err
	}
	if err := t.check(); err != nil {
		return nil, err
	}
	return t, nil
}

// lines calls f for each line that is neither blank nor a '#' comment
// (trimmed, CR dropped) with its 1-based number.
func lines(data []byte, f func(n int, line string) error) error {
	return eachLine(data, func(n int, s string) error {
		if s[0] == '#' {
			return nil
		}
		return f(n, s)
	})
}

// eachLine calls f for each non-blank line, trimmed, with its number.
func eachLine(data []byte, f func(n int, line string) error) error {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		s := strings.TrimSpace(sc.Text())
		if s == "" {
			continue
		}
		if err := f(n, s); err != nil {
			return err
		}
	}
	return sc.Err()
}

func rateOK(mbps float64) bool { return !math.IsNaN(mbps) && mbps >= 0 && mbps <= maxTraceMbps }
func timeOK(s float64) bool    { return !math.IsNaN(s) && s >= 0 && s <= maxTraceSeconds }

// parsePensieve keeps every row as written (the Pensieve model's numbers
// depend on the exact floats).
func parsePensieve(name string, data []byte) (*Trace, error) {
	t := &Trace{Name: name, Format: FormatPensieve}
	err := lines(data, func(n int, s string) error {
		f := strings.Fields(s)
		if len(f) != 2 {
			return fmt.Errorf("%w %s line %d: %d columns (want seconds, Mbit/s)", ErrTrace, name, n, len(f))
		}
		sec, err1 := strconv.ParseFloat(f[0], 64)
		mbps, err2 := strconv.ParseFloat(f[1], 64)
		if err1 != nil || err2 != nil || !timeOK(sec) || !rateOK(mbps) {
			return fmt.Errorf("%w %s line %d: %q is not seconds and Mbit/s", ErrTrace, name, n, s)
		}
		t.Time = append(t.Time, sec)
		t.Mbps = append(t.Mbps, mbps)
		return nil
	})
	return t, err
}

// parseMahimahi lets player/netem parse the packet timestamps and reads
// its piecewise-constant rate back as rows.
func parseMahimahi(name string, data []byte) (*Trace, error) {
	nt, err := netem.ParseTrace(name, bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrTrace, err)
	}
	t := &Trace{Name: name, Format: FormatMahimahi, Time: []float64{0}, Mbps: []float64{0}}
	period := nt.Period()
	for at := time.Duration(0); at < period; {
		end := min(nt.NextChange(at), period)
		if end <= at {
			break
		}
		t.Time = append(t.Time, end.Seconds())
		t.Mbps = append(t.Mbps, nt.RateAt(at))
		at = end
	}
	return t, nil
}

// parseGhent reads ReCoCo's JSON form of the Ghent 4G/LTE logs.
func parseGhent(name string, data []byte) (*Trace, error) {
	var doc struct {
		Uplink struct {
			Pattern []struct {
				Time     float64 `json:"time"`
				Duration float64 `json:"duration"`
				Capacity float64 `json:"capacity"`
			} `json:"trace_pattern"`
		} `json:"uplink"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%w %s: %v", ErrTrace, name, err)
	}
	p := doc.Uplink.Pattern
	if len(p) == 0 {
		return nil, fmt.Errorf("%w %s: no uplink.trace_pattern elements", ErrTrace, name)
	}
	t := &Trace{Name: name, Format: FormatGhentJSON}
	start := max(p[0].Time-p[0].Duration/1000, 0)
	t.Time, t.Mbps = append(t.Time, start), append(t.Mbps, 0)
	for i, e := range p {
		mbps := e.Capacity * 8 / 1000
		if !timeOK(e.Time) || !rateOK(mbps) || e.Duration < 0 {
			return nil, fmt.Errorf("%w %s: element %d is not a time, duration and capacity", ErrTrace, name, i)
		}
		if e.Time <= t.Time[len(t.Time)-1] {
			continue // no time of its own
		}
		t.Time, t.Mbps = append(t.Time, e.Time), append(t.Mbps, mbps)
	}
	return t, nil
}

// nyuUnits converts iPerf's auto-scaled units to Mbit/s.
var nyuUnits = map[string]float64{"mbits/sec": 1, "kbits/sec": 1e-3, "bits/sec": 1e-6, "gbits/sec": 1e3}

// parseNYU reads NYU-METS: "value,unit" lines (2018) or comma-separated
// numbers with the throughput first (2020 multivariate). Lines whose first
// field is not a number (headers, iPerf reconnection messages) are
// skipped, as the dataset's README says to.
func parseNYU(name string, data []byte) (*Trace, error) {
	t := &Trace{Name: name, Format: FormatNYUMETS, Time: []float64{0}, Mbps: []float64{0}}
	err := lines(data, func(n int, s string) error {
		f := strings.Split(s, ",")
		v, err := strconv.ParseFloat(strings.TrimSpace(f[0]), 64)
		if err != nil {
			return nil
		}
		scale := 1.0
		if len(f) > 1 {
			unit := strings.ToLower(strings.TrimSpace(f[1]))
			if u, ok := nyuUnits[unit]; ok {
				scale = u
			} else if _, err := strconv.ParseFloat(unit, 64); err == nil {
				t.Format = FormatNYUMultivar
			} else {
				return fmt.Errorf("%w %s line %d: unknown unit %q", ErrTrace, name, n, f[1])
			}
		}
		if mbps := v * scale; rateOK(mbps) {
			t.Time = append(t.Time, float64(len(t.Time)))
			t.Mbps = append(t.Mbps, mbps)
			return nil
		}
		return fmt.Errorf("%w %s line %d: %q is not a rate", ErrTrace, name, n, s)
	})
	return t, err
}

// uccTimeLayout is G-NetTrack's timestamp, e.g. 2019.12.16_13.40.04.
const uccTimeLayout = "2006.01.02_15.04.05"

// parseUCC reads a UCC 5G G-NetTrack log: DL_bitrate (kbit/s) placed at
// its timestamp (1 s resolution); rows of the same second are averaged and
// a skipped second holds the previous value (the dataset README's "closer
// to wall time" conversion).
func parseUCC(name string, data []byte) (*Trace, error) {
	t := &Trace{Name: name, Format: FormatUCC5G, Time: []float64{0}, Mbps: []float64{0}}
	col := -1
	var t0 time.Time
	var cur int64 = -1 // second (since t0) being averaged
	var sum float64
	var cnt int
	flush := func(next int64) {
		if cur < 0 || cnt == 0 {
			return
		}
		avg := sum / float64(cnt)
		for s := cur; s < next; s++ { // hold over skipped seconds
			t.Time = append(t.Time, float64(s+1))
			t.Mbps = append(t.Mbps, avg)
		}
	}
	err := lines(data, func(n int, s string) error {
		f := strings.Split(s, ",")
		if col < 0 {
			for i, h := range f {
				if strings.TrimSpace(h) == "DL_bitrate" {
					col = i
				}
			}
			if col < 0 {
				return fmt.Errorf("%w %s: no DL_bitrate column", ErrTrace, name)
			}
			return nil
		}
		if len(f) <= col {
			return fmt.Errorf("%w %s line %d: %d columns", ErrTrace, name, n, len(f))
		}
		at, err1 := time.Parse(uccTimeLayout, strings.TrimSpace(f[0]))
		kbps, err2 := strconv.ParseFloat(strings.TrimSpace(f[col]), 64)
		if err1 != nil || err2 != nil || !rateOK(kbps/1000) {
			return fmt.Errorf("%w %s line %d: bad timestamp or DL_bitrate", ErrTrace, name, n)
		}
		if t0.IsZero() {
			t0 = at
		}
		sec := int64(at.Sub(t0) / time.Second)
		if sec > maxTraceSeconds {
			return fmt.Errorf("%w %s line %d: more than a week after the first row", ErrTrace, name, n)
		}
		if sec < cur {
			return fmt.Errorf("%w %s line %d: timestamp goes back", ErrTrace, name, n)
		}
		if sec != cur {
			flush(sec)
			cur, sum, cnt = sec, 0, 0
		}
		sum += kbps / 1000
		cnt++
		return nil
	})
	flush(cur + 1)
	return t, err
}
