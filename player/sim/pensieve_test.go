package sim

import (
	"context"
	"encoding/csv"
	"math"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"testing"

	"smartplay/player/abr"
)

// trainTraces loads Pensieve's 127 training traces from testdata.
func trainTraces(t testing.TB) []*Trace {
	t.Helper()
	tr, err := LoadTraces("testdata/pensieve-train")
	if err != nil {
		t.Fatal(err)
	}
	if len(tr) != 127 {
		t.Fatalf("%d training traces, want 127", len(tr))
	}
	return tr
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// TestPensieveGolden: BB and robustMPC (fresh state) reproduce the
// per-chunk logs of Pensieve's own scripts, every field to 1e-9.
func TestPensieveGolden(t *testing.T) {
	f, err := os.Open("testdata/golden-chunks-train.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*Trace{}
	for _, tr := range trainTraces(t) {
		byName[path.Base(tr.Name)] = tr
	}
	algo := map[string]string{"bb": "bb", "mpc_isolated": "robustmpc"}
	sessions := map[string]*Session{}
	checked := 0
	for _, r := range rows[1:] {
		key := r[0] + "/" + r[1]
		s := sessions[key]
		if s == nil {
			st, err := abr.New(algo[r[0]])
			if err != nil {
				t.Fatal(err)
			}
			if s, err = RunPensieve(st, byName[r[1]], Envivio()); err != nil {
				t.Fatal(err)
			}
			sessions[key] = s
		}
		k, _ := strconv.Atoi(r[2])
		c := s.Chunks[k]
		got := []float64{c.Kbps, c.Buffer, c.Rebuffer, float64(c.Bytes), c.Delay, c.Reward}
		for i, name := range []string{"bitrate", "buffer", "rebuf", "bytes", "delay", "reward"} {
			want, _ := strconv.ParseFloat(r[3+i], 64)
			if !near(got[i], want, 1e-9) {
				t.Errorf("%s chunk %d %s = %v, Pensieve %v", key, k, name, got[i], want)
			}
		}
		checked++
	}
	if checked != 4*48 {
		t.Fatalf("checked %d chunks, want 192", checked)
	}
}

// row is one line of SIMULATOR.md's section-4 table.
type row struct{ q48, bitrate, rebuf, smooth, q47, sum47 float64 }

// subsetRows averages sessions over all traces and over the FCC and
// HSDPA subsets, as SIMULATOR.md's table does.
func subsetRows(ss []*Session) map[string]row {
	out := map[string]row{}
	count := map[string]float64{}
	for _, s := range ss {
		m := s.Metrics()
		for _, k := range []string{"all", strings.Split(s.Trace, "/")[1]} {
			r := out[k]
			r.q48 += m.QoEPerChunk
			r.bitrate += m.BitrateMbps
			r.rebuf += m.RebufferPerChunk
			r.smooth += m.SmoothnessPerChunk
			r.q47 += m.QoEPerChunkAfterFirst
			r.sum47 += m.QoEAfterFirst
			out[k] = r
			count[k]++
		}
	}
	for k, r := range out {
		n := count[k]
		out[k] = row{r.q48 / n, r.bitrate / n, r.rebuf / n, r.smooth / n, r.q47 / n, r.sum47 / n}
	}
	return out
}

// checkRows compares with the table's printed digits: 6 decimals (half a
// unit: 5e-7), Σ47 with 4 (5e-5), plus extra slack tol per chunk.
func checkRows(t *testing.T, name string, got, want map[string]row, tol float64) {
	t.Helper()
	for k, w := range want {
		g := got[k]
		fields := []struct {
			n    string
			g, w float64
			tol  float64
		}{
			{"QoE/chunk", g.q48, w.q48, 5e-7 + tol}, {"bitrate", g.bitrate, w.bitrate, 5e-7 + tol},
			{"rebuf", g.rebuf, w.rebuf, 5e-7 + tol}, {"smooth", g.smooth, w.smooth, 5e-7 + tol},
			{"QoE/chunk 1-47", g.q47, w.q47, 5e-7 + tol}, {"Σ47", g.sum47, w.sum47, 5e-5 + 47*tol},
		}
		for _, f := range fields {
			if !near(f.g, f.w, f.tol) {
				t.Errorf("%s %s %s = %.7f, SIMULATOR.md %.7f", name, k, f.n, f.g, f.w)
			}
		}
	}
}

func TestPensieveTrainingSetBB(t *testing.T) {
	specs, _ := Specs(nil, "bb")
	res, err := Run(context.Background(), Options{Traces: trainTraces(t), Strategies: specs})
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, "bb", subsetRows(res.Sessions), map[string]row{
		"all":   {-0.060212, 1.265412, 0.226510, 0.351632, 0.333682, 15.6830},
		"fcc":   {-0.370478, 1.131162, 0.275103, 0.318697, 0.123726, 5.8151},
		"hsdpa": {0.208990, 1.381893, 0.184348, 0.380208, 0.515850, 24.2449},
	}, 0)
	// Startup: 4.494 s (FCC 5.662, HSDPA 3.480), the same for every strategy.
	startup := map[string][]float64{}
	for _, s := range res.Sessions {
		k := strings.Split(s.Trace, "/")[1]
		startup[k] = append(startup[k], s.Startup)
		startup["all"] = append(startup["all"], s.Startup)
	}
	for k, want := range map[string]float64{"all": 4.494, "fcc": 5.662, "hsdpa": 3.480} {
		var sum float64
		for _, x := range startup[k] {
			sum += x
		}
		if got := sum / float64(len(startup[k])); !near(got, want, 5e-4) {
			t.Errorf("%s startup %.4f, want %.3f", k, got, want)
		}
	}
}

// TestPensieveTrainingSetRobustMPCChained runs robustMPC as Pensieve's
// mpc.py does in one process: traces in sorted file-name order, the error
// history leaking from trace to trace (quirk M2), including the decision
// mpc.py makes after a video's last chunk. SIMULATOR.md's "chained,
// sorted" rows follow to every printed digit; this pins the whole
// decision logic on 127 × 47 decisions.
func TestPensieveTrainingSetRobustMPCChained(t *testing.T) {
	traces := trainTraces(t)
	sort.Slice(traces, func(i, j int) bool { return path.Base(traces[i].Name) < path.Base(traces[j].Name) })
	v := Envivio()
	mpc := abr.NewRobustMPC(abr.RobustMPCConfig{})
	st := noReset{mpc}
	var ss []*Session
	for _, tr := range traces {
		s, err := RunPensieve(st, tr, v)
		if err != nil {
			t.Fatal(err)
		}
		// mpc.py decides once more after chunk 47 (and discards it).
		var samples []abr.Sample
		for _, c := range s.Chunks {
			samples = append(samples, abr.Sample{Variant: c.Variant, Segment: c.Index, Bytes: c.Bytes, Duration: msDuration(c.Delay)})
		}
		last := s.Chunks[len(s.Chunks)-1]
		st.Decide(pensieveSnapshot(v, v.Segments, last.Buffer*1000, 0, samples, last.Variant))
		ss = append(ss, s)
	}
	checkRows(t, "robustmpc chained", subsetRows(ss), map[string]row{
		"all":   {0.162856, 1.285655, 0.230288, 0.132562, 0.561495, 26.3903},
		"fcc":   {-0.085598, 1.155438, 0.263555, 0.107751, 0.414667, 19.4894},
		"hsdpa": {0.378425, 1.398637, 0.201424, 0.154090, 0.688890, 32.3778},
	}, 0)
}

// noReset hides a strategy's Reset, so its state carries across sessions.
type noReset struct{ abr.Strategy }

// TestPensieveTrainingSetRobustMPCIsolated: robustMPC with fresh state per
// trace, as a player session runs it. Its per-chunk logs equal Pensieve's
// (TestPensieveGolden) and the chained rows match to every digit, but
// SIMULATOR.md's "isolated" rows are not consistent with themselves:
// QoE/chunk differs from bitrate − 4.3 × rebuf − smooth by 9e-5 (all),
// 5e-5 (FCC) and 4e-5 (HSDPA), where the BB and chained rows agree to 1e-6.
// So they are compared within 1e-4 here; the values this simulator gives
// (all 0.123242, FCC −0.091149, HSDPA 0.309258 per chunk) are pinned to
// 1e-6 below.
func TestPensieveTrainingSetRobustMPCIsolated(t *testing.T) {
	specs, _ := Specs(nil, "robustmpc")
	res, err := Run(context.Background(), Options{Traces: trainTraces(t), Strategies: specs, Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	got := subsetRows(res.Sessions)
	checkRows(t, "robustmpc isolated vs SIMULATOR.md", got, map[string]row{
		"all":   {0.123185, 1.291073, 0.240399, 0.134081, 0.521024, 24.4891},
		"fcc":   {-0.091086, 1.156674, 0.266488, 0.101809, 0.408967, 19.2227},
		"hsdpa": {0.309318, 1.407647, 0.217727, 0.162059, 0.618251, 29.0578},
	}, 1e-4)
	for k, want := range map[string]float64{"all": 0.123242, "fcc": -0.091149, "hsdpa": 0.309258} {
		if !near(got[k].q48, want, 1e-6) {
			t.Errorf("%s QoE/chunk %.7f, pinned %.6f", k, got[k].q48, want)
		}
	}
}

func TestPensieveLinkDownload(t *testing.T) {
	// 8 Mbit/s = 10^6 B/s, 0.95 of it payload: 950,000 B per 1 s row.
	tr := &Trace{Name: "t", Time: []float64{0, 1, 2}, Mbps: []float64{99, 8, 8}}
	tests := []struct {
		name   string
		size   int64
		wantMs float64
		wantP  int
		wantTc float64
	}{
		{"inside row 1", 475_000, 500 + 80, 1, 0.5},
		{"into row 2", 1_425_000, 1500 + 80, 2, 1.5},
		// Exactly two rows' payload: the test is strictly greater, so the
		// loop wraps to row 1 at time 0 and finishes there after 0 s.
		{"exact fit wraps", 1_900_000, 2000 + 80, 1, 0},
		{"wraps into row 1", 2_375_000, 2500 + 80, 1, 0.5},
	}
	for _, tc := range tests {
		l := newPensieveLink(tr)
		ms, err := l.download(tc.size)
		if err != nil || !near(ms, tc.wantMs, 1e-9) || l.p != tc.wantP || !near(l.tc, tc.wantTc, 1e-12) {
			t.Errorf("%s: %v ms p=%d tc=%v (%v); want %v ms p=%d tc=%v", tc.name, ms, l.p, l.tc, err, tc.wantMs, tc.wantP, tc.wantTc)
		}
	}
	// Zero-rate rows only add time (quirk Q1).
	z := &Trace{Name: "z", Time: []float64{0, 1, 2, 3}, Mbps: []float64{0, 0, 0, 8}}
	if ms, _ := newPensieveLink(z).download(475_000); !near(ms, 2580, 1e-9) {
		t.Errorf("zero rows: %v ms, want 2580", ms)
	}
	// A link that never delivers (after row 0) is refused, not looped on.
	if _, err := RunPensieve(abr.NewBB(), &Trace{Name: "dead", Time: []float64{0, 1}, Mbps: []float64{5, 0}}, Envivio()); err == nil {
		t.Error("a dead trace ran")
	}
}

func TestPensieveLinkIdle(t *testing.T) {
	tr := &Trace{Name: "t", Time: []float64{0, 1, 2, 3}, Mbps: []float64{1, 1, 1, 1}}
	l := newPensieveLink(tr)
	l.tc = 0.25
	l.idle(1500) // 0.75 s of row 1, then 0.75 s of row 2
	if l.p != 2 || !near(l.tc, 1.75, 1e-12) {
		t.Fatalf("after idle: p=%d tc=%v, want p=2 tc=1.75", l.p, l.tc)
	}
	l.idle(2000) // 0.25 s to the end of row 2, 1 s of row 3, wrap, 0.75 s of row 1
	if l.p != 1 || !near(l.tc, 0.75, 1e-12) {
		t.Fatalf("after wrap: p=%d tc=%v, want p=1 tc=0.75", l.p, l.tc)
	}
}

// TestPensieveBufferCap exercises the 60 s threshold the measured runs
// never reached (quirk Q3): on a fast link the lowest rung fills the
// buffer; above 60 s it sleeps in 500 ms steps, never holding more.
func TestPensieveBufferCap(t *testing.T) {
	tr, _ := ConstantTrace(100, 1000)
	s, err := RunPensieve(abr.NewFixed(0), tr, Envivio())
	if err != nil {
		t.Fatal(err)
	}
	capped := 0
	for _, c := range s.Chunks {
		if c.Buffer > 60 {
			t.Fatalf("chunk %d: buffer %.3f s above the 60 s threshold", c.Index, c.Buffer)
		}
		if c.Buffer > 59.5 {
			capped++
		}
		if c.Rebuffer > 0 && c.Index > 0 {
			t.Fatalf("chunk %d rebuffered on a 100 Mbit/s link", c.Index)
		}
	}
	// The buffer passes 60 s after ~16 chunks and stays capped from then on.
	if capped < 30 {
		t.Fatalf("only %d chunks ended near the cap", capped)
	}
	if s.Chunks[0].Decided != -1 || s.Chunks[0].Variant != 1 || s.Chunks[1].Variant != 0 {
		t.Fatalf("chunk 0 must be level 1 without asking, then the strategy's: %+v %+v", s.Chunks[0], s.Chunks[1])
	}
}
