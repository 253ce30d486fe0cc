package tools

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const (
	reportSmart = "../../../player/report/testdata/smart-hsdpa-bus.jsonl"
	reportFixed = "../../../player/report/testdata/fixed1080p-hsdpa-bus.jsonl"
)

func TestReportPNGAndHTML(t *testing.T) {
	dir := t.TempDir()
	png1 := filepath.Join(dir, "cmp.png")
	var out, errb bytes.Buffer
	// flags after the files work too
	if code := runCLI([]string{"report", reportSmart, reportFixed, "-o", png1, "--title", "smart vs 1080p"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "2 session(s)") {
		t.Errorf("stdout %q", out.String())
	}
	f, err := os.Open(png1)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil || img.Bounds().Dx() != 1400 {
		t.Fatalf("png: %v %v", err, img.Bounds())
	}
	page := filepath.Join(dir, "one.html")
	if code := runCLI([]string{"report", "-o", page, reportFixed}, &out, &errb); code != 0 {
		t.Fatalf("html: exit %d: %s", code, errb.String())
	}
	b, err := os.ReadFile(page)
	if err != nil || !bytes.Contains(b, []byte("fixed1080p-hsdpa-bus.jsonl")) || !bytes.Contains(b, []byte("data:image/png;base64,")) {
		t.Errorf("html: %v, %d bytes", err, len(b))
	}
}

func TestReportErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	empty := write("empty.jsonl", "")
	notJSON := write("notjson.jsonl", "#EXTM3U\n")
	noStart := write("nostart.jsonl", `{"type":"decision","elapsed_s":1,"rendition":0}`+"\n")
	out := filepath.Join(dir, "out.png")
	for _, c := range []struct {
		args []string
		want string // in the error line
	}{
		{[]string{"report", reportSmart}, "no output"},
		{[]string{"report", "-o", out}, "no event logs"},
		{[]string{"report", filepath.Join(dir, "missing.jsonl"), "-o", out}, "no such file"},
		{[]string{"report", empty, "-o", out}, "empty event log"},
		{[]string{"report", notJSON, "-o", out}, "not an event log"},
		{[]string{"report", noStart, "-o", out}, "no session_start"},
		{[]string{"report", reportSmart, "-o", filepath.Join(dir, "out.jpg")}, "unknown output format"},
		{[]string{"report", reportSmart, "-o", out, "--width", "10"}, "width 10"},
		{[]string{"report", reportSmart, "-o", filepath.Join(dir, "no/such/dir/out.png")}, "no such file"},
	} {
		var o, e bytes.Buffer
		code := runCLI(c.args, &o, &e)
		line := e.String()
		if code != 1 || !strings.HasPrefix(line, "smartplay: report: ") || strings.Count(line, "\n") != 1 || !strings.Contains(line, c.want) {
			t.Errorf("%v: exit %d, stderr %q (want 1 and one line with %q)", c.args[1:], code, line, c.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed report left a file")
	}
	var o, e bytes.Buffer
	if code := runCLI([]string{"report", "--help"}, &o, &e); code != 0 || !strings.Contains(e.String(), "OUT.html") {
		t.Errorf("--help: exit %d, %q", code, e.String())
	}
}

func TestSimPlot(t *testing.T) {
	// Two HSDPA traces, two strategies, Pensieve's model: one chart per
	// trace, named after it, the strategies overlaid.
	traces := []string{simTraces + "/hsdpa/bus.ljansbakken-oslo-report.2010-09-28_1407CEST.log",
		simTraces + "/hsdpa/car.aarnes-elverum-report.2011-02-10_1611CET.log"}
	dir := filepath.Join(t.TempDir(), "plots")
	var out, errb bytes.Buffer
	args := append([]string{"sim", "--strategy", "bb,fixed:1080p", "--plot", dir}, traces...)
	if code := runCLI(args, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	want := []string{"bus.ljansbakken-oslo-report.2010-09-28_1407CEST.log.png", "car.aarnes-elverum-report.2011-02-10_1611CET.log.png"}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Errorf("files %q, want %q", names, want)
	}
	if !strings.Contains(errb.String(), "2 charts in "+dir) {
		t.Errorf("stderr %q", errb.String())
	}
	f, err := os.Open(filepath.Join(dir, want[0]))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if img, err := png.Decode(f); err != nil || img.Bounds().Dx() != 1400 {
		t.Errorf("chart: %v", err)
	}
}
