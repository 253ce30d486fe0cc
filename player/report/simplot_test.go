package report

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"smartplay/player/sim"
)

func TestSafeName(t *testing.T) {
	for in, want := range map[string]string{
		"fcc/trace_10322_http---edition.cnn.com": "fcc_trace_10322_http---edition.cnn.com",
		"hsdpa-bus.log":                          "hsdpa-bus.log",
		"../../etc/passwd":                       "etc_passwd",
		"a b:c*?":                                "a_b_c",
		"":                                       "trace",
		"..":                                     "trace",
	} {
		if got := safeName(in); got != want {
			t.Errorf("safeName(%q) = %q, want %q", in, got, want)
		}
	}
}

// runSim simulates strategies over traces in the realistic model, 4
// segments of 10 s per session, a session every stride on each trace.
func runSim(t *testing.T, traces []*sim.Trace, stride time.Duration, strategies ...string) *sim.Result {
	t.Helper()
	v := twoRungs(4)
	specs, err := sim.Specs(v, strategies...)
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), sim.Options{Model: sim.ModelRealistic, Video: v, Traces: traces,
		Strategies: specs, Realistic: sim.RealisticConfig{Stride: stride}, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestSimCharts(t *testing.T) {
	// Two traces named alike once made safe; the second long enough for
	// two sessions (offsets 0 and 40 s).
	a := &sim.Trace{Name: "x/y", Time: []float64{0, 50}, Mbps: []float64{0, 8}}
	b := &sim.Trace{Name: "x_y", Time: []float64{0, 12, 40, 100}, Mbps: []float64{0, 8, 0, 8}}
	res := runSim(t, []*sim.Trace{a, b}, 0, "bb", "fixed:720p")
	charts := SimCharts(res.Sessions, []*sim.Trace{a, b}, "sim")
	var files []string
	for _, c := range charts {
		files = append(files, c.File)
		if len(c.Sessions) != 2 || c.Sessions[0].Strategy != "bb" || c.Sessions[1].Strategy != "fixed:720p" {
			t.Errorf("%s: sessions %v", c.File, c.Sessions)
		}
		if len(c.Sessions[0].Trace) == 0 || !sharedTrace(c.Sessions) {
			t.Errorf("%s: one trace line for the chart", c.File)
		}
		if !strings.HasPrefix(c.Title, "sim, trace ") || !strings.Contains(c.Title, "bb vs fixed:720p") {
			t.Errorf("title %q", c.Title)
		}
	}
	want := []string{"x_y.png", "x_y_from-0s.png", "x_y_from-40s.png"}
	if !reflect.DeepEqual(files, want) {
		t.Fatalf("files %q, want %q", files, want)
	}
	dir := filepath.Join(t.TempDir(), "plots")
	paths, err := WriteSimCharts(dir, charts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range paths {
		if filepath.Base(p) != want[i] {
			t.Errorf("wrote %s, want %s", p, want[i])
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil || img.Bounds().Dx() != DefaultWidth {
			t.Errorf("%s: %v", p, err)
		}
	}
}

func TestSimChartsCollision(t *testing.T) {
	// Names that differ only in characters a file name cannot keep get a
	// suffix rather than overwrite each other.
	a := &sim.Trace{Name: "a:b", Time: []float64{0, 50}, Mbps: []float64{0, 8}}
	b := &sim.Trace{Name: "a?b", Time: []float64{0, 50}, Mbps: []float64{0, 8}}
	res := runSim(t, []*sim.Trace{a, b}, -1, "bb")
	charts := SimCharts(res.Sessions, nil, "")
	if len(charts) != 2 || charts[0].File != "a_b.png" || charts[1].File != "a_b-2.png" {
		t.Errorf("charts %+v", charts)
	}
	if len(charts[0].Sessions[0].Trace) != 0 {
		t.Error("no traces given: no trace line")
	}
}
