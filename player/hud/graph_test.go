package hud

import (
	"slices"
	"testing"
	"time"

	"smartplay/player/events"
)

func TestGraph(t *testing.T) {
	sec := func(s float64) time.Duration { return seconds(s) }
	tests := []struct {
		name string
		now  float64
		evs  []events.Event
		want Graph
	}{{
		name: "points, steps, switches and stalls in the last minute",
		now:  30,
		evs: []events.Event{
			start(0, "auto"),
			decide(0.1, 0, 1, "", 0),
			got(2, 0, 1, 1, 3000),
			decide(2, 1, 2, "", 10),
			got(8, 1, 2, 1, 3500),
			switched(12, 10, 1, 2),
			decide(15, 2, 1, "", 4),
			got(20, 2, 1, 1, 900),
			switched(22, 20, 2, 1),
			ev(25, events.Event{Type: events.StallStart}),
			ev(26, events.Event{Type: events.StallEnd, Duration: 1}),
			ev(29, events.Event{Type: events.StallStart}),
		},
		want: Graph{
			From: sec(-30), To: sec(30), TopKbps: 5000,
			Throughput: []Point{{sec(2), 3000}, {sec(8), 3500}, {sec(20), 900}},
			Chosen:     []Point{{sec(0.1), 750}, {sec(2), 2850}, {sec(15), 750}},
			Switches:   []Mark{{sec(12), "720p", true}, {sec(22), "360p", false}},
			Stalls:     []Span{{sec(25), sec(26)}, {sec(29), sec(30)}},
		},
	}, {
		name: "older than a minute: gone, and the step in effect starts at the left edge",
		now:  100,
		evs: []events.Event{
			start(0, "auto"),
			decide(0.1, 0, 3, "", 0),
			got(2, 0, 3, 1, 9000),
			switched(5, 0, 0, 3),
			ev(6, events.Event{Type: events.StallStart}),
			ev(7, events.Event{Type: events.StallEnd, Duration: 1}),
			ev(39, events.Event{Type: events.StallStart}),
			ev(41, events.Event{Type: events.StallEnd, Duration: 2}),
			decide(30, 3, 1, "", 20),
			got(50, 3, 1, 1, 1200),
		},
		want: Graph{
			From: sec(40), To: sec(100), TopKbps: 5000,
			Throughput: []Point{{sec(50), 1200}},
			Chosen:     []Point{{sec(40), 750}},
			Stalls:     []Span{{sec(40), sec(41)}},
		},
	}, {
		name: "a loopback link's hundreds of Mbit/s do not squash the ladder",
		now:  10,
		evs:  []events.Event{start(0, "auto"), decide(0.1, 0, 3, "", 0), got(1, 0, 3, 1, 800000)},
		want: Graph{
			From: sec(-50), To: sec(10), TopKbps: 20000, // 2.5 × 4300 = 10750 → 20000
			Throughput: []Point{{sec(1), 800000}},
			Chosen:     []Point{{sec(0.1), 4300}},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := modelAt("", tt.now, tt.evs...).View(Readings{}, 44).Graph
			if g.From != tt.want.From || g.To != tt.want.To || g.TopKbps != tt.want.TopKbps {
				t.Errorf("span %v..%v top %v, want %v..%v top %v", g.From, g.To, g.TopKbps, tt.want.From, tt.want.To, tt.want.TopKbps)
			}
			if !slices.Equal(g.Throughput, tt.want.Throughput) {
				t.Errorf("throughput %v, want %v", g.Throughput, tt.want.Throughput)
			}
			if !slices.Equal(g.Chosen, tt.want.Chosen) {
				t.Errorf("chosen %v, want %v", g.Chosen, tt.want.Chosen)
			}
			if !slices.Equal(g.Switches, tt.want.Switches) {
				t.Errorf("switches %v, want %v", g.Switches, tt.want.Switches)
			}
			if !slices.Equal(g.Stalls, tt.want.Stalls) {
				t.Errorf("stalls %v, want %v", g.Stalls, tt.want.Stalls)
			}
		})
	}
}

// TestForgets: a long session keeps a bounded history.
func TestForgets(t *testing.T) {
	m := New(Config{Now: func() time.Time { return t0.Add(time.Hour) }})
	m.Observe(start(0, "auto"))
	for i := range 3600 {
		s := float64(i)
		m.Observe(decide(s, i, i%4, "", 0))
		m.Observe(got(s+0.5, i, i%4, 1, 1000+s))
		m.Observe(switched(s+0.7, s, (i+3)%4, i%4))
	}
	if n := len(m.tput) + len(m.chosen) + len(m.switches); n > 3*int((GraphSpan+keepBeyondSpan)/time.Second)+3 {
		t.Errorf("%d points kept after an hour, want about 3 × 70", n)
	}
	if g := m.View(Readings{}, 44).Graph; len(g.Throughput) != 60 {
		t.Errorf("%d throughput points in the last minute, want 60", len(g.Throughput))
	}
}
