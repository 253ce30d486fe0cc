package abr

import (
	"strings"
	"testing"
	"time"
)

// smart through a session: the HD attempt, its abort, the guard holding
// the rendition while a recent low is in its window, then the climb.
func TestSmartSequence(t *testing.T) {
	const seg = 10 * time.Second
	ms := time.Millisecond
	dl := func(v int, bps float64, d time.Duration, aborted bool) Sample {
		return Sample{Variant: v, Bytes: int64(bps * d.Seconds() / 8), TTFB: 80 * ms, Duration: d, Aborted: aborted}
	}
	fast := func(v int) Sample { return dl(v, 50e6, time.Second, false) }
	var hist []Sample
	steps := []struct {
		name     string
		add      []Sample // downloads since the previous decision
		buffer   time.Duration
		current  int
		want     int
		deadline time.Duration // -1: any
		reason   string
	}{
		{"first segment: HD attempt", nil, 0, -1, 4, 6 * time.Second, "startup: HD attempt 720p"},
		// The attempt moved 1 Mbps for 5 s and was cut; the player refetched
		// 180p. With one segment buffered 360p would leave 2.4 s at 1 Mbps.
		{"after the abort: stay low", []Sample{dl(4, 1e6, 5*time.Second, true), dl(0, 1e6, 3*time.Second, false)},
			seg, 0, 0, -1, ""},
		// The link is fast now, but the slow downloads are still in the
		// guard's window: three 432p segments at 1 Mbps would drain it.
		{"fast again, low still in the window: guard caps at 360p", []Sample{fast(0), fast(0), fast(0)},
			20 * time.Second, 0, 1, -1, "guard: at 1.00 Mbps 432p would leave"},
		{"the low has left the window: climb", []Sample{fast(1), fast(1)}, 20 * time.Second, 1, 5, -1, "planner:"},
	}
	s := NewSmart()
	if s.Name() != "smart" {
		t.Fatalf("Name = %q", s.Name())
	}
	for i, st := range steps {
		hist = append(hist, st.add...)
		for k := range hist {
			hist[k].Segment = k
		}
		snap := Snapshot{Variants: ladder(), SegmentDuration: seg, MaxBuffer: 30 * time.Second, SegmentIndex: i, SegmentCount: 12,
			Network: NetworkHint{Signal: -1, RTT: 80 * ms}, Samples: hist, Buffer: st.buffer, Current: st.current}
		d := s.Decide(snap)
		if d.Variant != st.want || (st.deadline >= 0 && d.Deadline != st.deadline) || !strings.Contains(d.Reason, st.reason) {
			t.Fatalf("step %d (%s): %d dl %v (%q), want %d dl %v (%q)", i, st.name, d.Variant, d.Deadline, d.Reason, st.want, st.deadline, st.reason)
		}
	}
}

func TestSmartStartOptions(t *testing.T) {
	ms := time.Millisecond
	base := Snapshot{Variants: ladder(), SegmentDuration: 10 * time.Second, Current: -1}
	tests := []struct {
		name   string
		cfg    SmartConfig
		net    NetworkHint
		cap    int64
		want   int
		dl     time.Duration
		reason string
	}{
		{"default: HD attempt", SmartConfig{}, NetworkHint{Signal: -1, RTT: 80 * ms}, 0, 4, 6 * time.Second, "HD attempt"},
		{"conservative start", SmartConfig{ConservativeStart: true}, NetworkHint{Signal: -1, RTT: 80 * ms}, 0, 1, 5 * time.Second, "mid-distance origin"},
		{"weak cellular", SmartConfig{}, NetworkHint{Type: NetworkCellular, Signal: 1, RTT: 40 * ms}, 0, 0, 0, "weak cellular"},
		// The cellular cap (1.5 Mbps) applies to the attempt; the capped
		// rendition gets DownloadDeadline's (none with nothing buffered).
		{"cellular cap", SmartConfig{}, NetworkHint{Type: NetworkCellular, Signal: 3, RTT: 40 * ms}, 1500e3, 2, 0, "cellular: cap 1.50 Mbps"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := base
			s.Network, s.CellularCap = tc.net, tc.cap
			d := NewSmartWith(tc.cfg).Decide(s)
			if d.Variant != tc.want || d.Deadline != tc.dl || !strings.Contains(d.Reason, tc.reason) {
				t.Fatalf("%d dl %v (%q), want %d dl %v (%q)", d.Variant, d.Deadline, d.Reason, tc.want, tc.dl, tc.reason)
			}
		})
	}
}

// Without the guard the planner's upswitch goes through unchecked.
func TestSmartNoGuard(t *testing.T) {
	s := Snapshot{Variants: ladder(), SegmentDuration: 10 * time.Second, MaxBuffer: 30 * time.Second,
		Samples: steady(5e6, 3), Buffer: 20 * time.Second, Current: 3, SegmentIndex: 3, SegmentCount: 12}
	guarded := NewSmartWith(SmartConfig{}).Decide(s)
	free := NewSmartWith(SmartConfig{NoGuard: true}).Decide(s)
	if guarded.Variant > free.Variant {
		t.Fatalf("the guard raised the rendition: %d > %d", guarded.Variant, free.Variant)
	}
	if a, ok := NewSmartWith(SmartConfig{NoGuard: true}).(*Cellular).Inner().(*Arbiter); !ok || len(a.Members()) != 2 {
		t.Fatalf("NoGuard composition: %T", a)
	}
	if a := NewSmart().(*Cellular).Inner().(*Arbiter); len(a.Members()) != 3 {
		t.Fatalf("default composition has %d members", len(a.Members()))
	}
}
