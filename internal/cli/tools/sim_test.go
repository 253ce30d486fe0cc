package tools

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const simTraces = "../../../player/sim/testdata/pensieve-train"

func TestSimJSONAndCSV(t *testing.T) {
	csvPath := filepath.Join(t.TempDir(), "per-trace.csv")
	var out, errb bytes.Buffer
	code := runCLI([]string{"sim", "--traces", simTraces + "/fcc", "--strategy", "bb,robustmpc", "--json", "--csv", csvPath}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want one JSON object per strategy, got:\n%s", out.String())
	}
	var bb map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &bb); err != nil {
		t.Fatal(err)
	}
	// SIMULATOR.md: BB on the 59 FCC traces, −0.370478 per chunk.
	if bb["strategy"] != "bb" || bb["traces"] != 59.0 || bb["qoe_per_chunk"].(float64) > -0.3704 || bb["qoe_per_chunk"].(float64) < -0.3706 {
		t.Errorf("bb: %s", lines[0])
	}
	if !strings.Contains(errb.String(), "sessions/s") || strings.Contains(errb.String(), "[###") {
		t.Errorf("stderr (not a terminal: a summary line, no progress bar): %q", errb.String())
	}
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) != 1+2*59 || recs[0][1] != "trace" {
		t.Errorf("CSV: %d rows, %v", len(recs), err)
	}
}

func TestSimTable(t *testing.T) {
	var out, errb bytes.Buffer
	if code := runCLI([]string{"sim", simTraces + "/hsdpa", "--strategy=bb"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "QoE/chunk") || !strings.Contains(out.String(), "0.208990") {
		t.Errorf("table:\n%s", out.String())
	}
}

func TestSimErrors(t *testing.T) {
	for _, args := range [][]string{
		{"sim"},
		{"sim", "--traces", simTraces, "--model", "quantum"},
		{"sim", "--traces", simTraces, "--strategy", "nope"},
		{"sim", "--traces", "/nonexistent"},
		{"sim", "--traces", simTraces, "--video", "/nonexistent"},
		{"sim", "--traces", simTraces, "--model", "realistic", "--network", "carrier-pigeon", "--video", "envivio"},
	} {
		var out, errb bytes.Buffer
		if code := runCLI(args, &out, &errb); code != 1 || !strings.HasPrefix(errb.String(), "smartplay: sim: ") || strings.Count(errb.String(), "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q (want 1 and one line)", args, code, errb.String())
		}
	}
	var out, errb bytes.Buffer
	if code := runCLI([]string{"sim", "--help"}, &out, &errb); code != 0 || !strings.Contains(errb.String(), "realistic") {
		t.Errorf("--help: exit %d, %q", code, errb.String())
	}
}

func TestSimRealisticEnvivio(t *testing.T) {
	// The realistic model with Pensieve's 4 s video (no generated ladder
	// needed): every strategy streams; fixed:1080p stalls more than bb.
	var out, errb bytes.Buffer
	code := runCLI([]string{"sim", "--model", "realistic", "--video", "envivio", "--traces", simTraces + "/hsdpa",
		"--strategy", "bb,fixed:1080p", "--json", "--remember", "--stride", "200s"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var sums []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		sums = append(sums, m)
	}
	if len(sums) != 2 || sums[1]["hd_share"] != 1.0 || sums[1]["stall_ratio"].(float64) <= sums[0]["stall_ratio"].(float64) {
		t.Errorf("%s", out.String())
	}
}
