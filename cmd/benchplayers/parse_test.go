package main

import (
	"errors"
	"testing"
	"time"
)

func TestReportFFplay(t *testing.T) {
	tests := []struct {
		name    string
		stderr  string
		played  time.Duration
		dropped int
		wantErr bool
	}{
		{"last status wins", "    nan    :  0.000 fd=   0 aq=    0KB vq=    0KB sq=    0B f=0/0   \r" +
			"Input #0, mov,mp4 from 'x.mp4':\n   3.96 A-V:  0.007 fd=   2 aq=    0KB vq=    0KB sq=    0B f=0/0   \r" +
			"  14.97 A-V: -0.004 fd=  13 aq=    0KB vq=    0KB sq=    0B f=0/0   \r", 14970 * time.Millisecond, 13, false},
		{"video only (M-V)", "   2.50 M-V:  0.001 fd=   0 aq=    0KB vq=   10KB sq=    0B f=0/0   \r\n", 2500 * time.Millisecond, 0, false},
		{"clock never started", "    nan    :  0.000 fd=   0 aq=    0KB vq=    0KB sq=    0B f=0/0   \r", 0, 0, true},
		{"nothing", "", 0, 0, true},
		{"garbage after last status", "   1.00 A-V:  0.000 fd=   4 aq=    0KB vq=    0KB sq=    0B f=0/0   \rsomething broke\n", time.Second, 4, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := reportFFplay(runOutput{Stderr: []byte(tt.stderr)})
			if tt.wantErr {
				if !errors.Is(err, ErrPlayer) {
					t.Fatalf("err = %v, want ErrPlayer", err)
				}
				return
			}
			if err != nil || !r.HasEnd || r.Played != tt.played || r.Dropped != tt.dropped {
				t.Fatalf("got %+v, %v; want played %v dropped %d", r, err, tt.played, tt.dropped)
			}
		})
	}
}

func TestReportMPV(t *testing.T) {
	tests := []struct {
		name    string
		lines   []timedLine
		want    selfReport
		wantErr bool
	}{
		{"full run", []timedLine{{120 * time.Millisecond, "BENCH first-frame"}, {15 * time.Second, "BENCH end played=14.933 vo=3 dec=2"}},
			selfReport{HasEnd: true, Played: 14933 * time.Millisecond, Dropped: 5, FirstFrame: 120 * time.Millisecond}, false},
		{"stopped after first frame", []timedLine{{250 * time.Millisecond, "BENCH first-frame"}},
			selfReport{FirstFrame: 250 * time.Millisecond}, false},
		{"second first-frame ignored", []timedLine{{100 * time.Millisecond, "BENCH first-frame"}, {900 * time.Millisecond, "BENCH first-frame"}},
			selfReport{FirstFrame: 100 * time.Millisecond}, false},
		{"script missing", []timedLine{{time.Second, "something else"}}, selfReport{}, true},
		{"malformed end", []timedLine{{time.Second, "BENCH end played=x vo=1 dec=0"}}, selfReport{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := reportMPV(runOutput{Stdout: tt.lines})
			if (err != nil) != tt.wantErr || r != tt.want {
				t.Fatalf("got %+v, %v; want %+v, err %v", r, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestSmartplayEvents(t *testing.T) {
	start := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	const (
		open  = `{"type":"session_start","wall":"2026-11-21T10:00:00.1Z","elapsed_s":0,"media_s":0,"url":"x"}` + "\n"
		first = `{"type":"first_frame","wall":"2026-11-21T10:00:00.345Z","elapsed_s":0.245,"media_s":0,"startup_s":0.245}` + "\n"
		end   = `{"type":"session_end","wall":"2026-11-21T10:00:15.5Z","elapsed_s":15.4,"media_s":15.019,"reason":"ended","qoe":{"startup_delay_s":0.245,"play_s":0,"dropped_frames":7}}` + "\n"
		fail  = `{"type":"error","wall":"2026-11-21T10:00:01Z","elapsed_s":1,"media_s":0,"error":"decode: unsupported codec"}` + "\n"
	)
	tests := []struct {
		name    string
		log     string
		want    selfReport
		wantErr bool
	}{
		{"full session", open + first + end, selfReport{HasEnd: true, Played: 15019 * time.Millisecond, Dropped: 7, FirstFrame: 345 * time.Millisecond}, false},
		{"stopped after first frame, last line cut", open + first + `{"type":"deci`, selfReport{FirstFrame: 345 * time.Millisecond}, false},
		{"before first frame", open, selfReport{}, false},
		{"empty", "", selfReport{}, false},
		{"error event", open + fail, selfReport{}, true},
		{"bad json line", open + "{nope}\n", selfReport{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := smartplayEvents([]byte(tt.log), start)
			if (err != nil) != tt.wantErr || r != tt.want {
				t.Fatalf("got %+v, %v; want %+v, err %v", r, err, tt.want, tt.wantErr)
			}
		})
	}
}
