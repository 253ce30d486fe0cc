package session

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"smartplay/player/abr"
)

func TestMemoryRoundTripAndExpiry(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "smartplay") // created on save
	saved := time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)
	m := Memory{Saved: saved, Label: "720p", Height: 720, Bitrate: 2_800_000, Throughput: 5.5e6, Network: "wifi"}
	if _, ok, err := LoadMemory(dir, saved); ok || err != nil {
		t.Fatalf("no file: ok %v err %v, want nothing", ok, err)
	}
	if err := SaveMemory(dir, m); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		now  time.Time
		ok   bool
	}{
		{"fresh", saved.Add(time.Minute), true},
		{"a day old", saved.Add(MemoryMaxAge), true},
		{"expired", saved.Add(MemoryMaxAge + time.Second), false},
		{"from the future", saved.Add(-time.Minute), false},
	}
	for _, tc := range tests {
		got, ok, err := LoadMemory(dir, tc.now)
		if err != nil || ok != tc.ok || (ok && !got.Saved.Equal(saved)) || (ok && got.Throughput != m.Throughput) {
			t.Errorf("%s: %+v ok %v err %v", tc.name, got, ok, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d files, want only %s (no temp files left)", len(entries), MemoryFile)
	}
	for _, bad := range []string{"{not json", `{"saved":"2026-11-21T08:00:00Z","throughput_bps":-5}`} {
		os.WriteFile(filepath.Join(dir, MemoryFile), []byte(bad), 0o644)
		if _, ok, err := LoadMemory(dir, saved.Add(time.Minute)); ok || (bad[0] == '{' && bad[1] == 'n' && !errors.Is(err, ErrMemory)) {
			t.Errorf("%q: ok %v err %v", bad, ok, err)
		}
	}
	os.WriteFile(filepath.Join(dir, MemoryFile), make([]byte, maxMemoryBytes+10), 0o644)
	if _, ok, err := LoadMemory(dir, saved); ok || !errors.Is(err, ErrMemory) {
		t.Errorf("oversized file: ok %v err %v", ok, err)
	}
}

func TestMemoryForLadder(t *testing.T) {
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	ladder := []abr.Variant{{AverageBandwidth: 300e3, Height: 180}, {AverageBandwidth: 1200e3, Height: 432},
		{AverageBandwidth: 2850e3, Height: 720}, {AverageBandwidth: 4300e3, Height: 1080}}
	tests := []struct {
		name string
		m    Memory
		want int
	}{
		{"same rung", Memory{Bitrate: 2850e3, Height: 720}, 2},
		{"between rungs: the one below", Memory{Bitrate: 2000e3, Height: 576}, 1},
		{"above the ladder: the top", Memory{Bitrate: 8000e3, Height: 2160}, 3},
		{"below the ladder: the lowest", Memory{Bitrate: 100e3, Height: 144}, 0},
		{"no bitrate: by height", Memory{Height: 1080}, 3},
		{"nothing: the lowest", Memory{}, 0},
	}
	for _, tc := range tests {
		tc.m.Saved, tc.m.Throughput = now.Add(-time.Hour), 3e6
		got := tc.m.ForLadder(ladder, now)
		if got.Variant != tc.want || got.Throughput != 3e6 || got.Age != time.Hour {
			t.Errorf("%s: %+v, want variant %d", tc.name, got, tc.want)
		}
	}
}
