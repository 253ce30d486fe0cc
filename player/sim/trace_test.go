package sim

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseTrace(t *testing.T) {
	tests := []struct {
		name   string
		data   string
		format TraceFormat
		time   []float64
		mbps   []float64
	}{
		{"pensieve", "0.0\t0.890992\n5.0\t0.88812\n10.0 0.852304\n", FormatPensieve,
			[]float64{0, 5, 10}, []float64{0.890992, 0.88812, 0.852304}},
		{"pensieve comments and blanks", "# x\n\n0 1\n1 2\n", FormatPensieve, []float64{0, 1}, []float64{1, 2}},
		// Two packets in ms 0, none in 1, one in 2; period 3 ms, and the
		// packet at 3 ms is ms 0 of the next loop (1500 B/ms = 12 Mbit/s).
		{"mahimahi", "0\n0\n2\n3\n", FormatMahimahi,
			[]float64{0, 0.001, 0.002, 0.003}, []float64{0, 36, 0, 12}},
		{"ghent json", `{"type": "video", "downlink": {}, "uplink": {"trace_pattern": [` +
			`{"time": 0.148, "duration": 148, "capacity": 0}, {"time": 1.148, "duration": 1000, "capacity": 2256.552}]}}`,
			FormatGhentJSON, []float64{0, 0.148, 1.148}, []float64{0, 0, 18.052416}},
		{"nyu 2018", "Value,Unit\r\n3.19,Mbits/sec\r\nthe,connection\r\n,\r\n512,Kbits/sec\r\n0,bits/sec\r\n", FormatNYUMETS,
			[]float64{0, 1, 2, 3}, []float64{0, 3.19, 0.512, 0}},
		{"nyu 2020", "12.6,9,0,102,13,3,7.37,2100\n3.18,9,0,102,13,3,6.51,2100\n", FormatNYUMultivar,
			[]float64{0, 1, 2}, []float64{0, 12.6, 3.18}},
		// Rows at :04 (two, averaged), :05, then :08 (the :05 value holds
		// over the skipped :06 and :07).
		{"ucc 5g", "Timestamp,Longitude,DL_bitrate,State\n" +
			"2019.12.16_13.40.04,-8.3,1000,D\n2019.12.16_13.40.04,-8.3,3000,D\n" +
			"2019.12.16_13.40.05,-8.3,500,D\n2019.12.16_13.40.08,-8.3,4000,D\n", FormatUCC5G,
			[]float64{0, 1, 2, 3, 4, 5}, []float64{0, 2, 0.5, 0.5, 0.5, 4}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := ParseTrace(tc.name, []byte(tc.data))
			if err != nil {
				t.Fatal(err)
			}
			if tr.Format != tc.format || len(tr.Time) != len(tc.time) {
				t.Fatalf("format %s, %d rows %v %v; want %s, %v %v", tr.Format, len(tr.Time), tr.Time, tr.Mbps, tc.format, tc.time, tc.mbps)
			}
			for i := range tc.time {
				if !near(tr.Time[i], tc.time[i], 1e-9) || !near(tr.Mbps[i], tc.mbps[i], 1e-9) {
					t.Fatalf("rows %v %v; want %v %v", tr.Time, tr.Mbps, tc.time, tc.mbps)
				}
			}
		})
	}
}

func TestParseTraceErrors(t *testing.T) {
	for name, data := range map[string]string{
		"empty":            "",
		"one row":          "0 1\n",
		"three columns":    "0 1 2\n",
		"time goes back":   "0 1\n5 1\n4 1\n",
		"negative rate":    "0 1\n1 -2\n",
		"not a number":     "0 1\n1 fast\n",
		"never delivers":   "0 5\n1 0\n2 0\n",
		"unit mistake":     "0 1\n1 5000000\n",
		"mahimahi back":    "5\n3\n",
		"bad json":         "{nope",
		"json no pattern":  `{"uplink": {}}`,
		"nyu unknown unit": "1,furlongs/sec\n2,furlongs/sec\n",
		"ucc no column":    "Timestamp,Speed\n2019.12.16_13.40.04,0\n",
		"ucc bad time":     "Timestamp,DL_bitrate\nyesterday,100\n",
	} {
		if _, err := ParseTrace(name, []byte(data)); !errors.Is(err, ErrTrace) {
			t.Errorf("%s: error %v, want ErrTrace", name, err)
		}
	}
}

func TestLoadTraces(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, data string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b/two", "0 1\n1 2\n")
	write("a", "0\n1\n")
	write("README.md", "# not a trace")
	write(".hidden", "junk")
	trs, err := LoadTraces(dir)
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Base(dir)
	var names []string
	for _, tr := range trs {
		names = append(names, tr.Name)
	}
	if got, want := strings.Join(names, ","), base+"/a,"+base+"/b/two"; got != want {
		t.Fatalf("names %s, want %s", got, want)
	}
	// A file is one trace named after it; the same one twice is refused.
	if trs, err := LoadTraces(filepath.Join(dir, "a")); err != nil || len(trs) != 1 || trs[0].Name != "a" {
		t.Errorf("file: %v %v", trs, err)
	}
	if _, err := LoadTraces(filepath.Join(dir, "a"), filepath.Join(dir, "a")); !errors.Is(err, ErrConfig) {
		t.Errorf("duplicate names: %v", err)
	}
	write("c/bad", "0 1\n1 x\n")
	if _, err := LoadTraces(dir); !errors.Is(err, ErrTrace) {
		t.Errorf("a bad trace: %v", err)
	}
	if _, err := LoadTraces(t.TempDir()); !errors.Is(err, ErrConfig) {
		t.Errorf("an empty directory: %v", err)
	}
}

// TestLoadSharedTraces reads every development trace in the project's
// shared folder when it is there (not in a clean checkout).
func TestLoadSharedTraces(t *testing.T) {
	const shared = "/work/shared/traces"
	if _, err := os.Stat(shared); err != nil {
		t.Skip("no shared traces here")
	}
	for _, d := range []string{"mahimahi-lte", "ghent-4g-lte", "nyu-mets", "ucc-5g", "pensieve-train"} {
		trs, err := LoadTraces(filepath.Join(shared, d))
		if err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		for _, tr := range trs {
			if tr.Duration() < 30 || tr.MeanMbps() <= 0 { // the shortest (a ferry log) is 36.5 s
				t.Errorf("%s: %.1f s, %.2f Mbit/s", tr.Name, tr.Duration(), tr.MeanMbps())
			}
		}
		t.Logf("%s: %d traces", d, len(trs))
	}
}

func TestConstantTrace(t *testing.T) {
	tr, err := ConstantTrace(2.5, 10)
	if err != nil || tr.Duration() != 10 || tr.MeanMbps() != 2.5 {
		t.Fatalf("%v %v", tr, err)
	}
	for _, bad := range []float64{0, -1} {
		if _, err := ConstantTrace(bad, 10); err == nil {
			t.Errorf("rate %v accepted", bad)
		}
	}
}

func FuzzParseTrace(f *testing.F) {
	for _, s := range []string{"0 1\n1 2\n", "0\n0\n3\n", `{"uplink":{"trace_pattern":[{"time":1,"duration":1000,"capacity":5}]}}`,
		"1,Mbits/sec\n2,Kbits/sec\n", "Timestamp,DL_bitrate\n2019.12.16_13.40.04,100\n2019.12.16_13.40.06,100\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := ParseTrace("fuzz", data)
		if err != nil {
			return
		}
		if err := tr.check(); err != nil {
			t.Fatalf("accepted a trace that fails check: %v", err)
		}
		l, err := NewLink(tr)
		if err != nil {
			t.Fatal(err)
		}
		if b := l.BytesAt(l.TimeOf(1000)); b < 999 {
			t.Fatalf("BytesAt(TimeOf(1000)) = %v", b)
		}
	})
}
