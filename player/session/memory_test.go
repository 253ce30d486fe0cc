package session

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"smartplay/player/abr"
)

func TestMemoryRoundTripAndExpiry(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "smartplay") // created on save
	saved := time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)
	m := Memory{Saved: saved, Scope: "cdn.example", Label: "720p", Height: 720, Bitrate: 2_800_000, Throughput: 5.5e6, Network: "wifi"}
	if _, ok, err := LoadMemory(dir, "cdn.example", "wifi", saved); ok || err != nil {
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
		got, ok, err := LoadMemory(dir, "cdn.example", "wifi", tc.now)
		if err != nil || ok != tc.ok || (ok && !got.Saved.Equal(saved)) || (ok && got.Throughput != m.Throughput) {
			t.Errorf("%s: %+v ok %v err %v", tc.name, got, ok, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d files, want only %s (no temp files left)", len(entries), MemoryFile)
	}
	for _, bad := range []string{"{not json", `{"sessions":[{"saved":"2026-11-21T08:00:00Z","scope":"cdn.example","network":"wifi","throughput_bps":-5}]}`} {
		os.WriteFile(filepath.Join(dir, MemoryFile), []byte(bad), 0o644)
		if _, ok, err := LoadMemory(dir, "cdn.example", "wifi", saved.Add(time.Minute)); ok || (bad[1] == 'n' && !errors.Is(err, ErrMemory)) {
			t.Errorf("%q: ok %v err %v", bad, ok, err)
		}
	}
	// The single-memory file of earlier versions holds no memory.
	os.WriteFile(filepath.Join(dir, MemoryFile), []byte(`{"saved":"2026-11-21T08:00:00Z","throughput_bps":5e6}`), 0o644)
	if _, ok, err := LoadMemory(dir, "", "", saved.Add(time.Minute)); ok || err != nil {
		t.Errorf("old format: ok %v err %v, want no memory", ok, err)
	}
	os.WriteFile(filepath.Join(dir, MemoryFile), make([]byte, maxMemoryBytes+10), 0o644)
	if _, ok, err := LoadMemory(dir, "cdn.example", "wifi", saved); ok || !errors.Is(err, ErrMemory) {
		t.Errorf("oversized file: ok %v err %v", ok, err)
	}
	// And an unreadable file is replaced by the next save.
	if err := SaveMemory(dir, m); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := LoadMemory(dir, "cdn.example", "wifi", saved); !ok || err != nil {
		t.Errorf("after saving over a bad file: ok %v err %v", ok, err)
	}
}

// A session recalls only the memory of its own scope and network type; a
// save replaces that memory and keeps the others, up to maxMemoryEntries.
func TestMemoryScopes(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)
	save := func(scope, network string, bps float64, at time.Time) {
		t.Helper()
		if err := SaveMemory(dir, Memory{Saved: at, Scope: scope, Network: network, Throughput: bps}); err != nil {
			t.Fatal(err)
		}
	}
	save("127.0.0.1", "ethernet", 20e6, now)                // a loopback test server
	save("builtin trace hsdpa-bus", "ethernet", 1.8e6, now) // the emulated 3G link
	save("cdn.example", "cellular", 4e6, now)
	save("cdn.example", "wifi", 30e6, now)
	save("cdn.example", "cellular", 6e6, now.Add(time.Minute)) // replaces the 4e6
	for _, tc := range []struct {
		scope, network string
		want           float64 // 0: none
	}{
		{"127.0.0.1", "ethernet", 20e6},
		{"builtin trace hsdpa-bus", "ethernet", 1.8e6},
		{"builtin trace none", "ethernet", 0},
		{"cdn.example", "cellular", 6e6},
		{"cdn.example", "wifi", 30e6},
		{"cdn.example", "ethernet", 0},
		{"other.example", "wifi", 0},
	} {
		m, ok, err := LoadMemory(dir, tc.scope, tc.network, now.Add(2*time.Minute))
		if err != nil || ok != (tc.want > 0) || (ok && m.Throughput != tc.want) {
			t.Errorf("%s on %s: %+v ok %v err %v, want %v", tc.scope, tc.network, m, ok, err, tc.want)
		}
	}
	for i := range maxMemoryEntries + 3 {
		save(fmt.Sprintf("site%d.example", i), "wifi", float64(i+1)*1e6, now.Add(time.Duration(i)*time.Second))
	}
	all, err := readMemories(dir)
	if err != nil || len(all) != maxMemoryEntries || all[0].Scope != fmt.Sprintf("site%d.example", maxMemoryEntries+2) {
		t.Fatalf("%d memories (%v), newest %+v; want %d, newest first", len(all), err, all[0], maxMemoryEntries)
	}
	if _, ok, _ := LoadMemory(dir, "127.0.0.1", "ethernet", now); ok {
		t.Errorf("the oldest memory outlived %d newer ones", maxMemoryEntries)
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
