package netem

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func parse(t *testing.T, text string) *Trace {
	t.Helper()
	tr, err := ParseTrace("test", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestParseTraceFormats(t *testing.T) {
	for _, c := range []struct {
		name, text string
		format     Format
		period     time.Duration
		meanMbps   float64
	}{
		// Row 0's rate is never used; 1 s at 8 then 1 s at 4 Mbit/s.
		{"pensieve", "0.0\t99\n1.0\t8\n2.0\t4\n", Pensieve, 2 * time.Second, 6},
		{"pensieve with comments and blanks", "# t mbps\n\n0 1\n  0.5 2  \n1.0 2\n", Pensieve, time.Second, 2},
		{"pensieve offset start", "10 0\n11 1\n13 4\n", Pensieve, 3 * time.Second, 3},
		{"pensieve repeated time", "0 0\n1 2\n1 50\n2 2\n", Pensieve, 2 * time.Second, 2},
		// 4 packets in 4 ms: 6000 bytes in 4 ms = 12 Mbit/s.
		{"mahimahi", "1\n1\n2\n4\n", Mahimahi, 4 * time.Millisecond, 12},
		// A timestamp equal to the period belongs to the next loop's ms 0.
		{"mahimahi wrap", "0\n10\n", Mahimahi, 10 * time.Millisecond, 2 * 1500 * 8 / 10e-3 / 1e6},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr := parse(t, c.text)
			if tr.Format != c.format || tr.Period() != c.period || math.Abs(tr.MeanMbps()-c.meanMbps) > 1e-9 {
				t.Errorf("%s, period %v, mean %v Mbit/s; want %s, %v, %v", tr.Format, tr.Period(), tr.MeanMbps(),
					c.format, c.period, c.meanMbps)
			}
		})
	}
}

func TestParseTraceErrors(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"empty", "", "no samples"},
		{"comments only", "# nothing\n\n", "no samples"},
		{"three columns", "0 1 2\n", "3 columns"},
		{"mixed", "0 1\n5\n", "line 2: 1 columns in a Pensieve trace"},
		{"mixed mahimahi", "5\n6 7\n", "line 2: 2 columns in a Mahimahi trace"},
		{"bad time", "0 1\nx 2\n", `line 2: "x" is not a time`},
		{"negative rate", "0 1\n1 -2\n", "not a rate"},
		{"nan", "0 1\n1 NaN\n", "not a rate"},
		{"back in time", "0 1\n2 1\n1 1\n", "goes back"},
		{"one row", "0 5\n", "at least two rows"},
		{"all zero", "0 0\n1 0\n2 0\n", "never delivers"},
		{"bad ms", "1\n2.5\n", "not a millisecond timestamp"},
		{"ms backwards", "5\n3\n", "goes back"},
		{"ms zero period", "0\n0\n", "lasts no time"},
		{"huge rate", "0 1\n1 1e9\n", "not a rate"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseTrace("x.log", strings.NewReader(c.text))
			if !errors.Is(err, ErrTrace) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%v, want ErrTrace containing %q", err, c.want)
			}
		})
	}
}

func TestTraceBytesAtLoopsAndInverts(t *testing.T) {
	// 1 s at 8 Mbit/s (1 MB), 1 s at 0, 1 s at 16 Mbit/s (2 MB): 3 MB a loop.
	tr := parse(t, "0 0\n1 8\n2 0\n3 16\n")
	const mb = 1e6
	for _, c := range []struct {
		at    time.Duration
		bytes float64
	}{
		{0, 0}, {500 * time.Millisecond, 0.5 * mb}, {time.Second, mb}, {1500 * time.Millisecond, mb},
		{2 * time.Second, mb}, {2500 * time.Millisecond, 2 * mb}, {3 * time.Second, 3 * mb},
		{3500 * time.Millisecond, 3.5 * mb}, {7 * time.Second, 7 * mb}, {8 * time.Second, 7 * mb}, {9 * time.Second, 9 * mb},
		{-time.Second, 0},
	} {
		if got := tr.BytesAt(c.at); math.Abs(got-c.bytes) > 1e-3 {
			t.Errorf("BytesAt(%v) = %v, want %v", c.at, got, c.bytes)
		}
	}
	for _, c := range []struct {
		bytes float64
		at    time.Duration
	}{
		{0, 0}, {0.5 * mb, 500 * time.Millisecond}, {mb, time.Second},
		// Past the zero-rate second, the next byte comes at 2 s.
		{mb + 1, 2*time.Second + 500}, {3 * mb, 3 * time.Second}, {3*mb + 1, 3*time.Second + 1000},
		{4 * mb, 4 * time.Second}, {6 * mb, 6 * time.Second},
	} {
		if got := tr.TimeOf(c.bytes); got != c.at {
			t.Errorf("TimeOf(%v) = %v, want %v", c.bytes, got, c.at)
		}
	}
	if r := tr.RateAt(1500 * time.Millisecond); r != 0 {
		t.Errorf("RateAt(1.5s) = %v", r)
	}
	if r := tr.RateAt(3500 * time.Millisecond); math.Abs(r-8) > 1e-9 {
		t.Errorf("RateAt(3.5s) = %v, want 8 (looped)", r)
	}
}

func TestTraceScaledAndConstant(t *testing.T) {
	tr := parse(t, "0 0\n1 2\n2 4\n")
	s, err := tr.Scaled(0.5)
	if err != nil || math.Abs(s.MeanMbps()-1.5) > 1e-9 || s.Period() != tr.Period() {
		t.Errorf("scaled: %v %v", s, err)
	}
	if _, err := tr.Scaled(0); !errors.Is(err, ErrTrace) {
		t.Errorf("scale 0: %v", err)
	}
	c, err := ConstantTrace(0.2)
	if err != nil || c.BytesAt(time.Second) != 25000 {
		t.Errorf("constant 0.2 Mbit/s: %v bytes/s, %v", c.BytesAt(time.Second), err)
	}
	if _, err := ConstantTrace(0); !errors.Is(err, ErrTrace) {
		t.Errorf("constant 0: %v", err)
	}
}

// TimeOf is BytesAt's inverse on any parsed trace.
func FuzzParseTrace(f *testing.F) {
	for _, s := range []string{"0 1\n1 2\n", "1\n1\n5\n", "0 0\n1 0\n", "# c\n0 1e-3\n3.5 7\n", "0\n3\n3\n9\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		tr, err := ParseTrace("fuzz", strings.NewReader(text))
		if err != nil {
			if !errors.Is(err, ErrTrace) {
				t.Fatalf("error %v is not ErrTrace", err)
			}
			return
		}
		if tr.Period() <= 0 || !(tr.MeanMbps() > 0) {
			t.Fatalf("period %v mean %v", tr.Period(), tr.MeanMbps())
		}
		for _, d := range []time.Duration{0, 1, tr.Period() / 3, tr.Period(), 2*tr.Period() + 7} {
			b := tr.BytesAt(d)
			if back := tr.TimeOf(b); back > d+1 || tr.BytesAt(back) < b*(1-1e-9)-1e-6 {
				t.Fatalf("TimeOf(BytesAt(%v) = %v) = %v", d, b, back)
			}
		}
	})
}
