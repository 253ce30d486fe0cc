package abr

import (
	"testing"
	"time"
)

// ladder6 is the built-in ladder's six rungs.
func planLadder() []Variant {
	var vs []Variant
	for _, k := range []int64{300, 750, 1200, 1850, 2850, 4300} {
		vs = append(vs, Variant{Bandwidth: k * 1000})
	}
	return vs
}

// steady returns n downloads of 10 s segments at bps.
func planSteady(n int, bps float64, variant int) []Sample {
	var out []Sample
	for i := 0; i < n; i++ {
		bytes := int64(10 * 1e6 / 8) // 10 Mbit
		out = append(out, Sample{Variant: variant, Segment: i, Bytes: bytes, Duration: time.Duration(float64(bytes*8) / bps * float64(time.Second))})
	}
	return out
}

func TestPlannerDecisions(t *testing.T) {
	base := Snapshot{Variants: planLadder(), SegmentDuration: 10 * time.Second, MaxBuffer: 30 * time.Second, SegmentCount: 12}
	tests := []struct {
		name    string
		samples []Sample
		buffer  time.Duration
		current int
		index   int
		want    [2]int // lowest and highest acceptable
	}{
		// 10 Mbps steady: 1080p (4.3 Mbps) downloads in 4.3 s of a 10 s segment.
		{"fast steady link, healthy buffer: top rung", planSteady(5, 10e6, 5), 20 * time.Second, 5, 5, [2]int{5, 5}},
		// 3 Mbps steady, 20 s buffered: 720p (2.85) is sustainable, 1080p drains the buffer.
		{"3 Mbps: the rung just under the link", planSteady(5, 3e6, 4), 20 * time.Second, 4, 5, [2]int{4, 4}},
		// The link fell to 0.5 Mbps with 8 s buffered: the forecast is
		// discounted by the surprise, and even 360p (0.75) would stall.
		{"collapse with a short buffer: lowest rung", append(planSteady(4, 3e6, 4), planSteady(1, 0.5e6, 4)...), 8 * time.Second, 4, 5, [2]int{0, 0}},
		// 2 Mbps steady, at 180p with 25 s buffered: climb, but not past what the link carries.
		{"climbs from the bottom within the link", planSteady(5, 2e6, 0), 25 * time.Second, 0, 5, [2]int{2, 3}},
		// At 1080p on a 3 Mbps link: with 25 s buffered it spends buffer on
		// 1080p a while longer; with 12 s (a 1080p segment takes 14.3 s) it
		// steps down; on the last segment it keeps 1080p (the buffer has
		// nothing left to protect).
		{"1080p on 3 Mbps, deep buffer: spend it", planSteady(5, 3e6, 5), 25 * time.Second, 5, 5, [2]int{5, 5}},
		{"1080p on 3 Mbps, 12 s buffer: step down", planSteady(5, 3e6, 5), 12 * time.Second, 5, 5, [2]int{3, 4}},
		{"1080p on 3 Mbps, last segment: keep it", planSteady(5, 3e6, 5), 25 * time.Second, 5, 11, [2]int{5, 5}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := base
			s.Buffer, s.Current, s.SegmentIndex = tc.buffer, tc.current, tc.index
			for i := range tc.samples { // the planner sees downloads one by one
				tc.samples[i].Segment = i
			}
			p := NewPlanner(PlannerConfig{})
			var d Decision
			for n := 1; n <= len(tc.samples); n++ {
				s.Samples = tc.samples[:n]
				d = p.Decide(s)
			}
			if d.Variant < tc.want[0] || d.Variant > tc.want[1] {
				t.Errorf("Decide = %d (%s), want %d…%d", d.Variant, d.Reason, tc.want[0], tc.want[1])
			}
		})
	}
}

// Before any download the planner abstains; an Arbiter of it alone then
// follows the startup policy.
func TestPlannerWithoutSamplesAbstains(t *testing.T) {
	s := Snapshot{Variants: planLadder(), SegmentDuration: 10 * time.Second, Current: -1,
		Network: NetworkHint{Type: NetworkEthernet, Signal: -1}}
	if d := NewPlanner(PlannerConfig{}).Decide(s); d.Variant != NoOpinion {
		t.Errorf("first decision %+v, want an abstention", d)
	}
	got, want := NewArbiter("a", NewPlanner(PlannerConfig{})).Decide(s), StartupDecision(s)
	if got.Variant != want.Variant || got.Priority != want.Priority {
		t.Errorf("arbiter's first decision %+v, startup policy says %+v", got, want)
	}
}

// An upswitch carries UpswitchDeadline (at the harmonic mean), anything
// else DownloadDeadline.
func TestPlannerDeadlines(t *testing.T) {
	base := Snapshot{Variants: planLadder(), SegmentDuration: 10 * time.Second, MaxBuffer: 30 * time.Second,
		Buffer: 20 * time.Second, SegmentIndex: 5, SegmentCount: 12}
	up, stay := base, base
	up.Samples, up.Current = planSteady(5, 10e6, 1), 1
	stay.Samples, stay.Current = planSteady(5, 10e6, 5), 5
	for _, tc := range []struct {
		name string
		s    Snapshot
		up   bool
	}{{"upswitch from 360p", up, true}, {"staying at 1080p", stay, false}} {
		t.Run(tc.name, func(t *testing.T) {
			p := NewPlanner(PlannerConfig{})
			d := p.Decide(tc.s)
			want := DownloadDeadline(tc.s, d.Variant)
			if tc.up {
				if d.Variant <= tc.s.Current {
					t.Fatalf("no upswitch on a 10 Mbps link: %+v", d)
				}
				want = UpswitchDeadline(tc.s, d.Variant, 10e6)
				if want >= DownloadDeadline(tc.s, d.Variant) {
					t.Fatalf("the case does not tell the deadlines apart: %v", want)
				}
			}
			if d.Deadline != want {
				t.Errorf("deadline %v, want %v", d.Deadline, want)
			}
		})
	}
}

// A forecast error is folded in once per new download, capped, and the
// forecast is the harmonic mean discounted by weight × the largest error.
func TestPlannerForecastSequence(t *testing.T) {
	p := NewPlanner(PlannerConfig{History: 2, ErrWindow: 2, ErrWeight: 0.5})
	steps := []struct {
		bps       float64
		mean, fut float64
	}{
		{4e6, 4e6, 4e6},                     // first sample: no error yet
		{2e6, 1 / ((1/4e6 + 1/2e6) / 2), 0}, // error |4-2|/2 = 1 → fut = mean/1.5
		{2e6, 2e6, 0},                       // error |2.667-2|/2 = 0.333; max(1, 0.333) = 1 → /1.5
		{2e6, 2e6, 2e6 / (1 + 0.5*(1.0/3))}, // errors 0.333, 0 → /1.1667
	}
	var samples []Sample
	for i, st := range steps {
		one := planSteady(1, st.bps, 0)
		one[0].Segment = i
		samples = append(samples, one...)
		mean, fut, ok := p.Forecast(samples)
		p.Forecast(samples) // a second look at the same downloads changes nothing
		if !ok {
			t.Fatalf("step %d: no forecast", i)
		}
		if want := st.fut; want == 0 {
			st.fut = st.mean / 1.5
		}
		if !planNear(mean, st.mean) || !planNear(fut, st.fut) {
			t.Errorf("step %d: mean %.0f fut %.0f, want %.0f %.0f", i, mean, fut, st.mean, st.fut)
		}
	}
}

func planNear(a, b float64) bool { d := a - b; return d < 1 && d > -1 }
