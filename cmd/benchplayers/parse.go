package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"smartplay/player/events"
	"smartplay/player/qoe"
)

// timedLine is one line a player wrote on stdout and when it arrived,
// counted from the process start.
type timedLine struct {
	At   time.Duration
	Text string
}

// runOutput is what a run leaves behind for the report parsers.
type runOutput struct {
	Start      time.Time   // just before the process was started
	Stdout     []timedLine // stdout lines with arrival times
	Stderr     []byte      // the tail of stderr
	EventsPath string      // smartplay's --events file
}

// selfReport is what a player says about its own run. Zero values with
// the Has flags false mean the player did not say.
type selfReport struct {
	HasEnd  bool          // Played and Dropped were reported
	Played  time.Duration // media time played
	Dropped int           // frames dropped, as the player counts them
	// FirstFrame is process start → first frame as the player reports it;
	// 0 when it did not.
	FirstFrame time.Duration
}

// ffplayStatus matches ffplay's status line, e.g.
// "  14.97 A-V:  0.004 fd=   3 aq=    0KB vq=    0KB sq=    0B f=0/0".
// The first number is the master clock (seconds played); fd counts the
// frames ffplay dropped (early and late drops).
var ffplayStatus = regexp.MustCompile(`^\s*(nan|-?[0-9.]+)\s+(?:A-V|M-V|M-A|\s*):\s*(?:nan|-?[0-9.]+)\s+fd=\s*([0-9]+)\s`)

// reportFFplay reads the last status line ffplay wrote to stderr (ffplay
// redraws it with '\r' every 30 ms). ffplay has no first-frame signal.
func reportFFplay(o runOutput) (selfReport, error) {
	lines := strings.FieldsFunc(string(o.Stderr), func(r rune) bool { return r == '\r' || r == '\n' })
	for i := len(lines) - 1; i >= 0; i-- {
		m := ffplayStatus.FindStringSubmatch(lines[i])
		if m == nil || m[1] == "nan" {
			continue
		}
		played, err1 := strconv.ParseFloat(m[1], 64)
		fd, err2 := strconv.Atoi(m[2])
		if err1 != nil || err2 != nil {
			continue
		}
		return selfReport{HasEnd: true, Played: secs(played), Dropped: fd}, nil
	}
	return selfReport{}, fmt.Errorf("%w: ffplay wrote no status line with a clock", ErrPlayer)
}

// mpvEnd matches the final line of mpv_bench.lua.
var mpvEnd = regexp.MustCompile(`^BENCH end played=([0-9.]+) vo=([0-9]+) dec=([0-9]+)$`)

// reportMPV reads the lines mpv_bench.lua printed: the first frame's
// arrival time and, at shutdown, the played time and drop counts.
func reportMPV(o runOutput) (selfReport, error) {
	var r selfReport
	for _, l := range o.Stdout {
		if l.Text == "BENCH first-frame" && r.FirstFrame == 0 {
			r.FirstFrame = l.At
		}
		if m := mpvEnd.FindStringSubmatch(l.Text); m != nil {
			played, _ := strconv.ParseFloat(m[1], 64)
			vo, _ := strconv.Atoi(m[2])
			dec, _ := strconv.Atoi(m[3])
			r.HasEnd, r.Played, r.Dropped = true, secs(played), vo+dec
		}
	}
	if !r.HasEnd && r.FirstFrame == 0 {
		return r, fmt.Errorf("%w: mpv printed no BENCH lines (script not loaded?)", ErrPlayer)
	}
	return r, nil
}

// reportSmartplay reads smartplay's event log: first_frame (its wall time
// against the process start), and session_end (final position and
// qoe.dropped_frames).
func reportSmartplay(o runOutput) (selfReport, error) {
	b, err := os.ReadFile(o.EventsPath)
	if err != nil {
		return selfReport{}, fmt.Errorf("%w: smartplay events: %w", ErrPlayer, err)
	}
	return smartplayEvents(b, o.Start)
}

// smartplayEvents parses an event log; a truncated last line (the player
// was stopped mid-write) is ignored.
func smartplayEvents(b []byte, start time.Time) (selfReport, error) {
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		b = b[:i+1]
	} else {
		b = nil
	}
	evs, err := events.Read(bytes.NewReader(b))
	if err != nil {
		return selfReport{}, fmt.Errorf("%w: smartplay events: %w", ErrPlayer, err)
	}
	var r selfReport
	for _, e := range evs {
		switch e.Type {
		case events.FirstFrame:
			w, err := time.Parse(time.RFC3339Nano, e.Wall)
			if err != nil {
				return r, fmt.Errorf("%w: first_frame wall %q: %w", ErrPlayer, e.Wall, err)
			}
			r.FirstFrame = max(w.Sub(start), time.Nanosecond)
		case events.SessionEnd:
			var q qoe.Summary
			if err := json.Unmarshal(e.QoE, &q); err != nil {
				return r, fmt.Errorf("%w: session_end qoe: %w", ErrPlayer, err)
			}
			// Played is the final position (media_s), like mpv's last
			// time-pos and ffplay's last clock; qoe.play_s is not used
			// because it reads 0 for local files in this version.
			r.HasEnd, r.Played, r.Dropped = true, secs(e.Media), q.DroppedFrames
		case events.Error:
			return r, fmt.Errorf("%w: smartplay: %s", ErrPlayer, e.Err)
		}
	}
	return r, nil
}

// firstFrameSeen reports whether the player has reported its first frame
// yet (cheap enough to call while polling).
func firstFrameSeen(p player, o runOutput) bool {
	r, _ := p.report(o)
	return r.FirstFrame > 0
}

func secs(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
