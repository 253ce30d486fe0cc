package sim

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"smartplay/player/abr"
)

func TestSpecs(t *testing.T) {
	all, err := Specs(nil, "all")
	if err != nil || len(all) != len(abr.Names()) {
		t.Fatalf("all: %d specs (%v), want %d", len(all), err, len(abr.Names()))
	}
	specs, err := Specs(Envivio(), " BB ", "robustmpc", "bb", "fixed:720p", "fixed:1")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range specs {
		names = append(names, s.Name)
	}
	if got := strings.Join(names, " "); got != "bb robustmpc fixed:720p fixed:1" {
		t.Errorf("names %q", got)
	}
	if a, b := specs[0].New(), specs[0].New(); a == b {
		t.Error("a spec returned the same strategy twice; sessions must not share state")
	}
	fixed := specs[len(specs)-2].New().Decide(abr.Snapshot{Variants: Envivio().Variants})
	if fixed.Variant != 4 {
		t.Errorf("fixed:720p chose %d, want 4", fixed.Variant)
	}
	for _, bad := range [][]string{{"nope"}, {}, {"fixed:999p"}, {"fixed:0"}, {"fixed:7"}} {
		if _, err := Specs(Envivio(), bad...); !errors.Is(err, ErrConfig) {
			t.Errorf("Specs(%q): %v, want ErrConfig", bad, err)
		}
	}
	if _, err := Specs(nil, "fixed:720p"); !errors.Is(err, ErrConfig) {
		t.Errorf("fixed without a video: %v", err)
	}
}

func TestRunSameResultAnyWorkers(t *testing.T) {
	traces := trainTraces(t)[:20]
	specs, err := Specs(nil, "bb", "robustmpc", "throughput")
	if err != nil {
		t.Fatal(err)
	}
	var results []*Result
	for _, w := range []int{1, 4} {
		calls := 0
		res, err := Run(context.Background(), Options{Traces: traces, Strategies: specs, Workers: w,
			Progress: func(done, total int) {
				calls++
				if done != calls || total != 60 {
					t.Errorf("progress %d/%d at call %d", done, total, calls)
				}
			}})
		if err != nil {
			t.Fatal(err)
		}
		if calls != 60 || len(res.Sessions) != 60 {
			t.Fatalf("%d progress calls, %d sessions", calls, len(res.Sessions))
		}
		results = append(results, res)
	}
	if !reflect.DeepEqual(results[0], results[1]) {
		t.Fatal("1 and 4 workers gave different results")
	}
	s := results[0].Sessions
	if s[0].Strategy != "bb" || s[20].Strategy != "robustmpc" || s[1].Trace != traces[1].Name {
		t.Errorf("order: %s %s %s", s[0].Strategy, s[20].Strategy, s[1].Trace)
	}
}

func TestRunRealisticModel(t *testing.T) {
	v := testVideo(6, 1_000_000, 4_000_000)
	specs, _ := Specs(v, "bb", "fixed:720p")
	trs := []*Trace{rows(130, 8), rows(200, 3)}
	trs[1].Name = "rows2"
	res, err := Run(context.Background(), Options{Model: ModelRealistic, Video: v, Traces: trs, Strategies: specs,
		Realistic: RealisticConfig{Stride: 60 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	// 60 s videos every 60 s: 130 s → offsets 0, 60; 200 s → 0, 60, 120.
	if len(res.Sessions) != 10 || res.Summaries[0].Sessions != 5 || res.Summaries[0].Traces != 2 {
		t.Fatalf("%d sessions, summaries %+v", len(res.Sessions), res.Summaries)
	}
	if hd := res.Summaries[1].HDShare; hd != 1 {
		t.Errorf("fixed:720p HD share %v", hd)
	}
}

func TestRunErrors(t *testing.T) {
	specs, _ := Specs(nil, "bb")
	tr := []*Trace{rows(10, 1)}
	for name, o := range map[string]Options{
		"no traces":          {Strategies: specs},
		"no strategies":      {Traces: tr},
		"unknown model":      {Model: "magic", Traces: tr, Strategies: specs},
		"realistic no video": {Model: ModelRealistic, Traces: tr, Strategies: specs},
	} {
		if _, err := Run(context.Background(), o); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: %v, want ErrConfig", name, err)
		}
	}
	dead := []*Trace{{Name: "dead", Time: []float64{0, 1}, Mbps: []float64{0, 0}}}
	if _, err := Run(context.Background(), Options{Traces: dead, Strategies: specs}); !errors.Is(err, ErrTrace) {
		t.Errorf("dead trace: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, Options{Traces: trainTraces(t), Strategies: specs}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestWriters(t *testing.T) {
	specs, _ := Specs(nil, "bb", "robustmpc")
	res, err := Run(context.Background(), Options{Traces: trainTraces(t)[:3], Strategies: specs})
	if err != nil {
		t.Fatal(err)
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, res.Summaries); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(js.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d JSON lines", len(lines))
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &obj); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"strategy", "traces", "qoe_per_chunk", "qoe_per_chunk_after_first", "bitrate_mbps",
		"rebuffer_s_per_chunk", "stall_ratio", "hd_share", "switches_per_chunk"} {
		if _, ok := obj[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, lines[1])
		}
	}
	if obj["strategy"] != "robustmpc" || obj["traces"] != 3.0 {
		t.Errorf("JSON %s", lines[1])
	}
	var tab bytes.Buffer
	if err := WriteTable(&tab, res.Summaries); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(tab.String(), "\n"); got != 3 || !strings.Contains(tab.String(), "robustmpc") {
		t.Errorf("table:\n%s", tab.String())
	}
	var cs bytes.Buffer
	if err := WriteCSV(&cs, res.Sessions); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&cs).ReadAll()
	if err != nil || len(recs) != 7 || len(recs[1]) != len(csvHeader) || recs[4][0] != "robustmpc" || recs[4][3] != "48" {
		t.Errorf("CSV %v %v", recs, err)
	}
}
