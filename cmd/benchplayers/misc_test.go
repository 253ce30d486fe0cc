package main

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestParseProcStatCPU(t *testing.T) {
	tests := []struct {
		name    string
		stat    string
		want    time.Duration
		wantErr bool
	}{
		{"plain", "1234 (Xvfb) S 1 1234 1234 0 -1 4194560 3000 0 0 0 250 50 0 0 20 0 1 0 100 0 0", 3 * time.Second, false},
		{"name with spaces and parens", "99 (a (b) c) R 1 99 99 0 -1 0 0 0 0 0 7 3 0 0 20 0 1 0 1 0 0", 100 * time.Millisecond, false},
		{"no name", "99 a R 1", 0, true},
		{"too short", "99 (x) R 1 2 3", 0, true},
		{"not numbers", "99 (x) R 1 99 99 0 -1 0 0 0 0 0 a b 0 0 20", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseProcStatCPU(tt.stat)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("got %v, %v; want %v, err %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []float64
		want float64
		ok   bool
	}{
		{nil, 0, false},
		{[]float64{3}, 3, true},
		{[]float64{5, 1, 3}, 3, true},
		{[]float64{4, 1, 3, 2}, 2.5, true},
	}
	for _, tt := range tests {
		in := append([]float64(nil), tt.in...)
		got, ok := median(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("median(%v) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
		for i := range in {
			if in[i] != tt.in[i] {
				t.Errorf("median reordered its input: %v", tt.in)
			}
		}
	}
}

func TestSummarisePlay(t *testing.T) {
	ok := func(cpu, x time.Duration, rss int64, drop int) playSample {
		return playSample{CPU: cpu, XCPU: x, MaxRSS: rss, Wall: 16 * time.Second,
			Report: selfReport{HasEnd: true, Played: 10 * time.Second, Dropped: drop}}
	}
	st := summarisePlay([]playSample{
		ok(5*time.Second, time.Second, 300<<20, 0),
		{Err: ErrPlayer},
		ok(3*time.Second, 2*time.Second, 100<<20, 9),
		ok(4*time.Second, 0, 200<<20, 1),
		{Report: selfReport{HasEnd: true}}, // played nothing
	})
	if st.OK != 3 || st.Runs != 5 || len(st.Errs) != 2 {
		t.Fatalf("ok %d runs %d errs %v", st.OK, st.Runs, st.Errs)
	}
	if st.CPUPerSec != 0.4 || st.XCPUPerSec != 0.1 || st.MaxRSS != 200<<20 || st.Dropped != 1 || st.DroppedMax != 9 {
		t.Fatalf("got %+v", st)
	}
}

func TestSpliceBlock(t *testing.T) {
	block := resultsBegin + "\nnew\n" + resultsEnd
	tests := []struct{ name, doc, want string }{
		{"empty file", "", block + "\n"},
		{"no markers: appended", "# Benchmarks\n\nmethod\n", "# Benchmarks\n\nmethod\n\n" + block + "\n"},
		{"replaced, text around kept", "# B\n" + resultsBegin + "\nold\nold\n" + resultsEnd + "\n\nnotes\n", "# B\n" + block + "\n\nnotes\n"},
		{"end before begin: appended", resultsEnd + "\n" + resultsBegin + "\n", resultsEnd + "\n" + resultsBegin + "\n\n" + block + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(spliceBlock([]byte(tt.doc), []byte(block))); got != tt.want {
				t.Fatalf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestSelectPlayersAndFlags(t *testing.T) {
	all := allPlayers(benchSetup{Smartplay: "bin/smartplay", LuaPath: "/x.lua", XDGDir: "/xdg"})
	ps, err := selectPlayers(all, defaultPlayers)
	if err != nil || len(ps) != len(defaultPlayers) {
		t.Fatalf("default players: %v, %v", ps, err)
	}
	if _, err := selectPlayers(all, []string{"vlc"}); !errors.Is(err, ErrUsage) {
		t.Fatalf("unknown player: %v", err)
	}
	got := strings.Join(ps[1].args("clip.mp4", "ev.jsonl"), " ")
	if got != "bin/smartplay --headless --events ev.jsonl clip.mp4" {
		t.Fatalf("smartplay-headless args: %q", got)
	}
	for _, bad := range [][]string{{"--reps", "0"}, {"--clip", "10ms"}, {"--heights", "1080,x"}, {"extra"}, {"--nope"}} {
		if _, err := parseFlags("run", bad, io.Discard); !errors.Is(err, ErrUsage) {
			t.Errorf("parseFlags(%q) = %v, want ErrUsage", bad, err)
		}
	}
	o, err := parseFlags("run", []string{"--heights", "720", "--players", "ffplay, mpv-x11"}, io.Discard)
	if err != nil || len(o.Heights) != 1 || o.Heights[0] != 720 || strings.Join(o.Players, ",") != "ffplay,mpv-x11" || o.Reps != defaultReps {
		t.Fatalf("parseFlags: %+v, %v", o, err)
	}
}
