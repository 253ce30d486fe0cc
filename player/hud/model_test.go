package hud

import (
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"smartplay/player/events"
)

// t0 is the fake session's open time.
var t0 = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)

// ev stamps e as the log would at sec seconds after the open.
func ev(sec float64, e events.Event) events.Event {
	e.Elapsed = sec
	e.Wall = t0.Add(seconds(sec)).Format(time.RFC3339Nano)
	return e
}

// ladder is the built-in ladder's first rungs plus 1080p (kbps: 300, 750, 2850, 4300).
var ladder = []events.Rendition{
	{Index: 0, Label: "180p", Bandwidth: 330000, Average: 300000, Width: 320, Height: 180},
	{Index: 1, Label: "360p", Bandwidth: 800000, Average: 750000, Width: 640, Height: 360},
	{Index: 2, Label: "720p", Bandwidth: 2900000, Average: 2850000, Width: 1280, Height: 720},
	{Index: 3, Label: "1080p", Bandwidth: 4400000, Average: 4300000, Width: 1920, Height: 1080},
}

func start(sec float64, quality string) events.Event {
	return ev(sec, events.Event{Type: events.SessionStart, Renditions: ladder, Strategy: "smart", Quality: quality})
}

func decide(sec float64, seg, rend int, reason string, buf float64) events.Event {
	return ev(sec, events.Event{Type: events.Decision, Segment: events.Int(seg), Rendition: events.Int(rend), Reason: reason, Buffer: buf})
}

func got(sec float64, seg, rend int, bytes int64, kbps float64) events.Event {
	return ev(sec, events.Event{Type: events.SegmentDownloaded, Segment: events.Int(seg), Rendition: events.Int(rend), Bytes: bytes, ThroughputKbps: kbps})
}

func switched(sec, media float64, from, to int) events.Event {
	return ev(sec, events.Event{Type: events.SwitchApplied, Media: media, From: events.Int(from), To: events.Int(to)})
}

// modelAt feeds evs to a Model whose clock reads now seconds after the open.
func modelAt(trace string, now float64, evs ...events.Event) *Model {
	m := New(Config{Trace: trace, Now: func() time.Time { return t0.Add(seconds(now)) }})
	for _, e := range evs {
		m.Observe(e)
	}
	return m
}

func TestViewLines(t *testing.T) {
	long := "planner: forecast 3.21 Mbps (mean 3.02, harmonic of the last 5 downloads, discounted for the variance seen), buffer 12.3 s, deadline 9.7 s, keeps 720p because the next segment of 1080p would land after the buffer runs dry → 720p"
	tests := []struct {
		name    string
		trace   string
		now     float64
		evs     []events.Event
		r       Readings
		cols    int
		want    []string
		wantNet string
	}{{
		name: "nothing yet",
		cols: 44,
		want: []string{
			"playing   starting",
			"mode      auto",
			"decision  —",
			"why",
			"",
			"",
			"switch    none yet",
			"buffer     0.0 s",
			"net —  chosen —  (60 s)",
			"stalls    0 (0.0 s)   dropped 0   A/V —",
			"data      0.0 MB",
		},
	}, {
		name: "first decision, download and frame", trace: "hsdpa-bus", now: 3, cols: 44,
		evs: []events.Event{
			start(0.1, "auto"),
			decide(0.2, 0, 1, "startup: unknown network → 360p", 0),
			got(2.1, 0, 1, 937500, 3850.5),
			ev(2.3, events.Event{Type: events.FirstFrame, Rendition: events.Int(1), Label: "360p"}),
			decide(2.2, 1, 2, "planner: forecast 3.85 Mbps, buffer 10.0 s → 720p", 10),
		},
		r: Readings{Buffer: 9500 * time.Millisecond, MaxBuffer: 30 * time.Second, AV: 12 * time.Millisecond, HasAV: true},
		want: []string{
			"playing   360p  640×360  750 kbit/s",
			"mode      auto (smart)",
			"decision  seg 1 → 720p, buffer 10.0 s",
			"why       planner: forecast 3.85 Mbps,",
			"          buffer 10.0 s → 720p",
			"",
			"switch    none yet",
			"buffer     9.5 s",
			"net 3.85 Mbit/s  chosen 2.85 Mbit/s  (60 s)",
			"stalls    0 (0.0 s)   dropped 0   A/V +12 ms",
			"data      0.9 MB   trace hsdpa-bus",
		},
	}, {
		name: "pinned, switch down, a stall in progress, drops, data from the caller", now: 50, cols: 60,
		evs: []events.Event{
			start(0, "1080p"),
			decide(0.1, 0, 3, "fixed 1080p", 0),
			got(9, 0, 3, 5000000, 4444),
			ev(9.2, events.Event{Type: events.FirstFrame, Rendition: events.Int(3)}),
			ev(10, events.Event{Type: events.QualityPinned, Quality: "360p"}),
			decide(10, 1, 1, "fixed 360p", 0.5),
			switched(20, 10, 3, 1),
			ev(30, events.Event{Type: events.StallStart}),
			ev(32.5, events.Event{Type: events.StallEnd, Duration: 2.5}),
			ev(40, events.Event{Type: events.FramesDropped, Count: 3}),
			ev(45, events.Event{Type: events.StallStart}),
		},
		r: Readings{Buffer: 0, AV: -40 * time.Millisecond, HasAV: true, DataUsed: 12_345_678},
		want: []string{
			"playing   360p  640×360  750 kbit/s",
			"mode      fixed 360p",
			"decision  seg 1 → 360p, buffer 0.5 s",
			"why       fixed 360p",
			"",
			"",
			"switch    1080p → 360p at 0:10",
			"buffer     0.0 s",
			"net 4.44 Mbit/s  chosen 750 kbit/s  (60 s)",
			"stalls    2 (7.5 s)   dropped 3   A/V -40 ms",
			"data      12.3 MB",
		},
	}, {
		name: "emergency downgrade; a pin's abandon is no measurement", now: 12, cols: 44,
		evs: []events.Event{
			start(0, "auto"),
			decide(0.1, 0, 3, "startup: ethernet 10.0 Mbps → 1080p", 0),
			ev(5, events.Event{Type: events.DownloadAborted, Segment: events.Int(0), Rendition: events.Int(3), Label: "1080p", To: events.Int(0),
				Reason: "download deadline missed after 5.0s (1000000 bytes in)", WastedBytes: 1000000, ThroughputKbps: 1600}),
			got(6, 0, 0, 375000, 3000),
			decide(6.1, 1, 2, "planner → 720p", 10),
			ev(7, events.Event{Type: events.DownloadAborted, Segment: events.Int(1), Rendition: events.Int(2), Label: "720p", To: events.Int(1),
				Reason: "abandoned: quality pinned to another rendition (360p)", WastedBytes: 500000, ThroughputKbps: 99999}),
		},
		want: []string{
			"playing   starting",
			"mode      auto (smart)",
			"decision  seg 1 → 720p, buffer 10.0 s",
			"why       planner → 720p",
			"",
			"",
			"switch    none yet",
			"buffer     0.0 s",
			"net 3.00 Mbit/s  chosen 2.85 Mbit/s  (60 s)",
			"stalls    0 (0.0 s)   dropped 0   A/V —",
			"data      1.9 MB",
		},
	}, {
		name: "emergency is the latest", now: 6, cols: 44,
		evs: []events.Event{
			start(0, "auto"),
			decide(0.1, 0, 3, "startup → 1080p", 0),
			ev(5, events.Event{Type: events.DownloadAborted, Segment: events.Int(0), Rendition: events.Int(3), Label: "1080p", To: events.Int(0),
				Reason: "deadline missed", WastedBytes: 1000000, ThroughputKbps: 1600}),
		},
		want: []string{
			"playing   starting",
			"mode      auto (smart)",
			"emergency seg 0 → 180p",
			"why       1080p cut: deadline missed",
			"",
			"",
			"switch    none yet",
			"buffer     0.0 s",
			"net 1.60 Mbit/s  chosen 300 kbit/s  (60 s)",
			"stalls    0 (0.0 s)   dropped 0   A/V —",
			"data      1.0 MB",
		},
	}, {
		name: "a long reason is wrapped to 3 lines and trimmed", now: 1, cols: 44,
		evs: []events.Event{start(0, "auto"), decide(0.5, 4, 2, long, 21.04)},
		want: []string{
			"playing   starting",
			"mode      auto (smart)",
			"decision  seg 4 → 720p, buffer 21.0 s",
			"why       planner: forecast 3.21 Mbps (mean",
			"          3.02, harmonic of the last 5",
			"          downloads, discounted for the…",
			"switch    none yet",
			"buffer     0.0 s",
			"net —  chosen 2.85 Mbit/s  (60 s)",
			"stalls    0 (0.0 s)   dropped 0   A/V —",
			"data      0.0 MB",
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := modelAt(tt.trace, tt.now, tt.evs...).View(tt.r, tt.cols)
			if got := v.Lines(); !slices.Equal(got, tt.want) {
				t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			for _, l := range v.Lines() {
				if n := len([]rune(l)); n > max(tt.cols, MinColumns) {
					t.Errorf("line %q is %d characters, over %d", l, n, tt.cols)
				}
			}
		})
	}
}

func TestBufferReadings(t *testing.T) {
	m := modelAt("", 1)
	if v := m.View(Readings{Buffer: 7 * time.Second}, 44); v.Buffer != 7*time.Second || v.MaxBuffer != DefaultMaxBuffer {
		t.Errorf("buffer %v of %v, want 7s of the default %v", v.Buffer, v.MaxBuffer, DefaultMaxBuffer)
	}
	if v := m.View(Readings{Buffer: -time.Second, MaxBuffer: 20 * time.Second}, 44); v.Buffer != 0 || v.MaxBuffer != 20*time.Second {
		t.Errorf("buffer %v of %v, want 0 of 20s", v.Buffer, v.MaxBuffer)
	}
}

// TestConcurrentUse: events arrive on the session's goroutines while the
// window paints (run under -race); OnChange hears every event.
func TestConcurrentUse(t *testing.T) {
	m := New(Config{})
	var changes atomic.Int64
	m.OnChange(func(events.Type) { changes.Add(1) })
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.Observe(start(0, "auto"))
		for i := range 200 {
			m.Observe(decide(float64(i), i, i%4, "r", 1))
			m.Observe(got(float64(i)+0.5, i, i%4, 1000, 2000))
		}
	}()
	p := NewPainter()
	for range 20 {
		if img := p.HUD(m.View(Readings{}, 44), 400, 13); img == nil {
			t.Fatalf("paint: %v", p.Err())
		}
	}
	<-done
	if n := changes.Load(); n != 401 {
		t.Errorf("OnChange heard %d events, want 401", n)
	}
}
