package abr

import (
	"strings"
	"testing"
	"time"
)

func TestCellular(t *testing.T) {
	const seg = 10 * time.Second
	top := plain{Decision{Variant: 5, Reason: "x", Deadline: 20 * time.Second}}
	cell := NetworkHint{Type: NetworkCellular, Signal: 3}
	tests := []struct {
		name     string
		inner    Strategy
		snap     Snapshot
		want     int
		reason   string
		priority Priority
	}{
		{"wifi ignores the cap", top, Snapshot{Network: NetworkHint{Type: NetworkWiFi}, CellularCap: 1e6}, 5, "x", PriorityDefault},
		{"cellular without limits", top, Snapshot{Network: cell}, 5, "x", PriorityDefault},
		{"cap", top, Snapshot{Network: cell, CellularCap: 3e6}, 4, "cellular: cap 3.00 Mbps → 720p (over x)", PriorityStrong},
		{"cap below the ladder", top, Snapshot{Network: cell, CellularCap: 1e5}, 0, "→ 180p", PriorityStrong},
		{"cap above the ladder", top, Snapshot{Network: cell, CellularCap: 10e6}, 5, "x", PriorityDefault},
		{"inner already under the cap", plain{Decision{Variant: 2, Reason: "y"}}, Snapshot{Network: cell, CellularCap: 3e6}, 2, "y", PriorityDefault},
		{"critical inner keeps its priority", plain{Decision{Variant: 5, Reason: "z", Priority: PriorityCritical}},
			Snapshot{Network: cell, CellularCap: 3e6}, 4, "(over z)", PriorityCritical},
		// 1 GB over the hour left of a VOD: 2.22 Mbps → 576p.
		{"budget spread over the VOD", top, Snapshot{Network: cell, DataBudget: 1e9, SegmentCount: 360}, 3,
			"cellular: 1000 MB left for 1h0m0s → 2.22 Mbps → 576p", PriorityStrong},
		// 100 MB for the last 30 minutes: 0.44 Mbps → 180p.
		{"budget late in the VOD", top, Snapshot{Network: cell, DataBudget: 1e9, DataUsed: 900e6, SegmentCount: 360, SegmentIndex: 180}, 0,
			"100 MB left for 30m0s", PriorityStrong},
		{"live: 1 GB over 30 min allows the top", top, Snapshot{Network: cell, DataBudget: 1e9}, 5, "x", PriorityDefault},
		{"live: 500 MB left", top, Snapshot{Network: cell, DataBudget: 1e9, DataUsed: 500e6}, 3, "500 MB left for 30m0s → 2.22 Mbps", PriorityStrong},
		{"budget spent", top, Snapshot{Network: cell, DataBudget: 1e9, DataUsed: 1e9}, 0, "data budget of 1000 MB spent", PriorityStrong},
		{"samples count when DataUsed lags", top, Snapshot{Network: cell, DataBudget: 1e6, Samples: steady(4e6, 2)}, 0, "spent", PriorityStrong},
		{"cap and budget: the lower", top, Snapshot{Network: cell, CellularCap: 2e6, DataBudget: 1e9, DataUsed: 700e6}, 2, "300 MB left", PriorityStrong},
		{"cap lower than budget", top, Snapshot{Network: cell, CellularCap: 1e6, DataBudget: 1e9}, 1, "cap 1.00 Mbps", PriorityStrong},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.snap.Variants, tc.snap.SegmentDuration = ladder(), seg
			d := NewCellular(tc.inner).Decide(tc.snap)
			if d.Variant != tc.want || !strings.Contains(d.Reason, tc.reason) || d.Priority != tc.priority {
				t.Fatalf("Decide = %+v; want %d %q priority %d", d, tc.want, tc.reason, tc.priority)
			}
		})
	}
}

// TestCellularBudgetRunsLow: a live session on a 1 GB budget steps down
// as the bytes are used (spread over the sliding 30 min horizon).
func TestCellularBudgetRunsLow(t *testing.T) {
	c := NewCellular(NewFixed(5))
	usedMB := []int64{0, 400, 600, 750, 850, 950, 1000, 1200}
	want := []int{5, 3, 2, 1, 0, 0, 0, 0} // 4.44, 2.67, 1.78, 1.11, 0.67, 0.22 Mbps, spent, spent
	for i, u := range usedMB {
		d := c.Decide(Snapshot{Variants: ladder(), SegmentDuration: 10 * time.Second, Network: NetworkHint{Type: NetworkCellular},
			DataBudget: 1e9, DataUsed: u * 1e6})
		if d.Variant != want[i] {
			t.Fatalf("%d MB used: %+v, want %d", u, d, want[i])
		}
	}
}

func TestCellularDeadlineAndForwarding(t *testing.T) {
	s := Snapshot{Variants: ladder(), SegmentDuration: 10 * time.Second, Buffer: 25 * time.Second, Samples: steady(5e6, 3),
		Network: NetworkHint{Type: NetworkCellular}, CellularCap: 2e6}
	d := NewCellular(plain{Decision{Variant: 5, Deadline: time.Hour}}).Decide(s)
	if d.Variant != 3 || d.Deadline != DownloadDeadline(s, 3) || d.Deadline == 0 {
		t.Fatalf("deadline not recomputed: %+v", d)
	}
	if d := NewCellular(plain{Decision{Variant: 5}}).Decide(s); d.Deadline != 0 {
		t.Fatalf("a deadline appeared: %+v", d)
	}
	m := &scripted{name: "m", decisions: []Decision{{Variant: 1}}}
	c := NewCellular(m)
	c.Observe(Sample{Bytes: 7})
	c.Reset()
	if len(m.observed) != 1 || m.resets != 1 || c.Name() != "m" || c.Inner() != Strategy(m) {
		t.Fatalf("forwarding: %+v", m)
	}
	if d := NewCellular(m).Decide(Snapshot{Network: NetworkHint{Type: NetworkCellular}, CellularCap: 1}); d.Variant != 1 {
		t.Fatalf("no renditions: %+v", d)
	}
}
