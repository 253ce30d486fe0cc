package sim

import (
	"testing"
	"time"
)

func TestRealisticOffsets(t *testing.T) {
	v := testVideo(12, 1, 2) // 120 s
	tr := rows(300, 5)
	tests := []struct {
		stride time.Duration
		want   []float64
	}{
		{0, []float64{0, 120}},
		{60 * time.Second, []float64{0, 60, 120, 180}},
		{-1, []float64{0}},
		{400 * time.Second, []float64{0}},
	}
	for _, tc := range tests {
		got := RealisticOffsets(tr, v, RealisticConfig{Stride: tc.stride})
		if len(got) != len(tc.want) {
			t.Errorf("stride %v: %v, want %v", tc.stride, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("stride %v: %v, want %v", tc.stride, got, tc.want)
			}
		}
	}
}

func TestLinkIntegration(t *testing.T) {
	// 8 Mbit/s for 2 s, nothing for 2 s, 16 Mbit/s for 1 s: 4 MB a loop of 5 s.
	l, err := NewLink(rows(2, 8, 4, 0, 5, 16))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ at, bytes float64 }{
		{0, 0}, {1, 1e6}, {2, 2e6}, {3, 2e6}, {4, 2e6}, {4.5, 3e6}, {5, 4e6}, {6, 5e6}, {10.5, 8.5e6},
	} {
		if got := l.BytesAt(tc.at); !near(got, tc.bytes, 1e-6) {
			t.Errorf("BytesAt(%v) = %v, want %v", tc.at, got, tc.bytes)
		}
	}
	for _, tc := range []struct{ bytes, at float64 }{
		{1e6, 1}, {2e6, 2}, {2.5e6, 4.25}, {4e6, 5}, {5e6, 6}, {8e6, 10},
	} {
		if got := l.TimeOf(tc.bytes); !near(got, tc.at, 1e-9) {
			t.Errorf("TimeOf(%v) = %v, want %v", tc.bytes, got, tc.at)
		}
	}
}
