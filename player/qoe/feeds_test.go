package qoe

import (
	"reflect"
	"testing"
	"time"
)

// The player's feed (downloads queued ahead, then the first frame, the
// clock, switches and stalls as the screen shows them) gives the same
// Summary as the simulator's per-segment feed of the same session.
func TestPlayerFeedEqualsSimulatorFeed(t *testing.T) {
	const c = 4 * time.Second
	s := time.Second
	segs := []Segment{seg(0, 1, c, 2, 0, 0), seg(1, 3, c, 0, 4*s, 2e6), seg(2, 4, c, 0.5, 3*s, 2e6),
		seg(3, 2, c, 0, 6*s, 1e6), seg(4, 2, c, 0, 8*s, 1.5e6)}
	sim := NewTracker(simLadder)
	for _, g := range segs {
		sim.Played(g)
	}

	p := NewTracker(simLadder)
	queue := func(i int) {
		g := segs[i]
		g.Rebuffer = 99 // the player's own figure is ignored: stalls are attributed
		p.Queued(g)
	}
	queue(0)
	queue(1)
	p.Start(2*s, 0, 1)
	p.Advance(1 * s)
	p.Switch(4*s, 3)
	queue(2)
	p.Advance(7900 * time.Millisecond) // the stall starts a little before the boundary
	p.Stall(500 * time.Millisecond)    // … and waited for segment 2
	p.Switch(8*s, 4)
	queue(3)
	queue(4)
	p.Switch(12*s, 2)
	p.Advance(20 * s)

	got, want := p.Summary(), sim.Summary()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("player feed %+v\nsimulator feed %+v", got, want)
	}
	if !reflect.DeepEqual(p.Segments(), sim.Segments()) {
		t.Errorf("segments %+v\nwant %+v", p.Segments(), sim.Segments())
	}
}

// A seek forgets the downloads the playhead never reached; a stall with
// nothing queued is carried to the next segment queued.
func TestPlayerFeedSeekAndCarry(t *testing.T) {
	const ten = 10 * time.Second
	s := time.Second
	p := NewTracker(simLadder)
	for i := range 4 {
		p.Queued(seg(i, 2, ten, 0, 0, 0))
	}
	p.Start(s, 0, 2)
	p.Advance(5 * s)
	p.Seek(25 * s) // segments 1-3 were downloaded but not played
	p.Stall(2 * s) // nothing queued yet: carried
	p.Queued(seg(2, 4, ten, 0, 0, 0))
	p.Queued(seg(3, 4, ten, 0, 0, 0))
	p.Switch(25*s, 4)
	p.Advance(40 * s)
	got := p.Segments()
	if len(got) != 3 || got[0].Index != 0 || got[1].Index != 2 || got[2].Index != 3 {
		t.Fatalf("segments %+v, want 0, 2, 3", got)
	}
	if got[0].Rebuffer != 1 || got[1].Rebuffer != 2 || got[2].Rebuffer != 0 {
		t.Errorf("rebuffers %v %v %v, want 1 (startup), 2 (carried), 0", got[0].Rebuffer, got[1].Rebuffer, got[2].Rebuffer)
	}
	sum := p.Summary()
	// 1.2 − 4.3 | 2.85 − 8.6 − 1.65 | 2.85
	if want := 1.2 - 4.3 + 2.85 - 8.6 - 1.65 + 2.85; sum.Segments != 3 || !near(sum.QoELin, want) || sum.PlayTime != 20 {
		t.Errorf("summary %+v, want 3 segments, QoE %v, 20 s played", sum, want)
	}
}
