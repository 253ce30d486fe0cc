package report

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// logLines is a small event log: a 1080p start cut to 180p by a deadline,
// a stall, a switch back up, the end.
const logLines = `{"type":"session_start","elapsed_s":0.1,"media_s":0,"url":"http://127.0.0.1:1/s/1/master.m3u8","strategy":"smart","quality":"auto","renditions":[{"index":0,"label":"180p","bandwidth":330000,"average_bandwidth":326000,"height":180},{"index":1,"label":"1080p","bandwidth":4200000,"height":1080}]}
{"type":"decision","elapsed_s":0.1,"media_s":0,"segment":0,"rendition":1,"label":"1080p","reason":"startup"}
{"type":"segment_downloaded","elapsed_s":1.5,"media_s":0,"segment":0,"rendition":1,"bytes":5000000,"throughput_kbps":28571.4}
{"type":"decision","elapsed_s":1.5,"media_s":0,"segment":1,"rendition":1,"buffer_s":10}
{"type":"first_frame","elapsed_s":1.6,"media_s":0,"rendition":1,"startup_s":1.6}
{"type":"download_aborted","elapsed_s":9.0,"media_s":7.4,"segment":1,"rendition":1,"to":0,"wasted_bytes":2000000,"throughput_kbps":2162.6}
{"type":"segment_downloaded","elapsed_s":12.0,"media_s":10,"segment":1,"rendition":0,"bytes":400000,"throughput_kbps":1066.7}
{"type":"stall_start","elapsed_s":11.6,"media_s":10}
{"type":"stall_end","elapsed_s":12.1,"media_s":10,"duration_s":0.5}
{"type":"switch_applied","elapsed_s":12.1,"media_s":10,"from":1,"to":0}
{"type":"stall_end","elapsed_s":15,"media_s":12.9,"duration_s":1}
{"type":"session_end","elapsed_s":22.2,"media_s":20,"reason":"ended","qoe":{"startup_delay_s":1.6,"play_s":20,"stall_count":2,"stall_s":1.5,"hd_share":0.5,"mean_bitrate_kbps":2263,"switches":1,"switches_down":1,"bad_cases":{"total":0}}}
`

func TestFromEventsTimeline(t *testing.T) {
	ss, err := Read(strings.NewReader(logLines), "dir/smart.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 1 {
		t.Fatalf("%d sessions, want 1", len(ss))
	}
	s := ss[0]
	if s.Name != "smart.jsonl" || s.Source != "dir/smart.jsonl" || s.Strategy != "smart" || s.URL != "http://127.0.0.1:1/s/1/master.m3u8" {
		t.Errorf("names: %q %q %q %q", s.Name, s.Source, s.Strategy, s.URL)
	}
	// 180p counts its average bandwidth, 1080p (none given) its peak.
	if want := []Rendition{{"180p", 326, 180}, {"1080p", 4200, 1080}}; !reflect.DeepEqual(s.Renditions, want) {
		t.Errorf("renditions %+v, want %+v", s.Renditions, want)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"shown", s.Shown, []Point{{1.6, 1}, {12.1, 0}}},
		{"chosen", s.Chosen, []Point{{0.1, 1}, {1.5, 1}}},
		// the first decision has no buffer_s (0 is left out of the log): 0
		{"buffer", s.Buffer, []Point{{0.1, 0}, {1.5, 10}}},
		{"downloads", s.Downloads, []Download{{1.5, 28571.4, 1, false}, {9, 2162.6, 1, true}, {12, 1066.7, 0, false}}},
		// a stall_end without its start spans duration_s back
		{"stalls", s.Stalls, []Span{{11.6, 12.1}, {14, 15}}},
		{"bytes", s.Bytes, int64(5_000_000 + 2_000_000 + 400_000)},
		{"end", s.End, 22.2},
		{"notes", len(s.Notes), 0},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %+v, want %+v", c.name, c.got, c.want)
		}
	}
	if s.QoE == nil || s.QoE.StallCount != 2 || s.QoE.MeanBitrateKbps != 2263 {
		t.Errorf("qoe %+v", s.QoE)
	}
}

func TestFromEventsCutShortAndSeveral(t *testing.T) {
	// Two sessions in one file; the second is cut during a stall.
	start := `{"type":"session_start","elapsed_s":0,"strategy":"bb","renditions":[{"index":0,"label":"360p","bandwidth":800000}]}` + "\n"
	log := start + `{"type":"first_frame","elapsed_s":1,"rendition":0}` + "\n" +
		`{"type":"session_end","elapsed_s":5,"qoe":{"play_s":4}}` + "\n" +
		start + `{"type":"first_frame","elapsed_s":2,"rendition":0}` + "\n" +
		`{"type":"stall_start","elapsed_s":6}` + "\n" + `{"type":"decision","elapsed_s":9,"rendition":0}` + "\n"
	ss, err := Read(strings.NewReader(log), "two.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 2 || ss[0].Name != "two.jsonl" || ss[1].Name != "two.jsonl #2" {
		t.Fatalf("sessions %d: %v", len(ss), ss)
	}
	if ss[0].QoE == nil || len(ss[0].Notes) != 0 || ss[0].End != 5 {
		t.Errorf("first: qoe %v notes %v end %v", ss[0].QoE, ss[0].Notes, ss[0].End)
	}
	b := ss[1]
	if b.QoE != nil || !reflect.DeepEqual(b.Stalls, []Span{{6, 9}}) || len(b.Notes) != 2 {
		t.Errorf("cut short: qoe %v stalls %v notes %q", b.QoE, b.Stalls, b.Notes)
	}
}

func TestReadBadLogs(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("x", 2<<20)
	for _, c := range []struct {
		name, content string
		want          error
	}{
		{"empty", "", ErrEmpty},
		{"blank lines", "\n\n\n", ErrEmpty},
		{"not json", "#EXTM3U\n#EXT-X-VERSION:3\n", ErrNotEventLog},
		{"binary line too long", long, ErrNotEventLog},
		{"json, no session_start", `{"type":"decision","elapsed_s":1}` + "\n", ErrNoSession},
		{"other json", `{"a":1}` + "\n" + `[1,2]` + "\n", ErrNotEventLog},
		{"json objects, not events", `{"a":1}` + "\n", ErrNoSession},
	} {
		path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")+".jsonl")
		if err := os.WriteFile(path, []byte(c.content), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := ReadFile(path)
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: %v, want %v naming the file", c.name, err, c.want)
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.jsonl")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}
