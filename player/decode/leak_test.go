package decode

import (
	"context"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// rssBytes reads the process's resident set size.
func rssBytes(t *testing.T) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Skip("no /proc/self/statm")
	}
	f := strings.Fields(string(b))
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return pages * int64(os.Getpagesize())
}

// TestNoLeaks decodes a thousand small segments that alternate between two
// resolutions, so that every segment opens a demuxer and new decoders,
// scaler and filter graph state and frees the old ones; every tenth
// segment is corrupt. Resident memory and goroutines must stay flat.
func TestNoLeaks(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	a := segmentsOf(t, fixture(t, "leak-a", append(lavfiInputs(96, 64, "1"),
		"-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-c:a", "aac", "-ac", "2",
		"-f", "hls", "-hls_time", "1", "-hls_segment_filename", "{}/seg_%03d.ts", "{}/stream.m3u8")...))[0]
	// The second rendition is full-range, so frames also go through swscale.
	b := segmentsOf(t, fixture(t, "leak-b", append(lavfiInputs(128, 72, "1"),
		"-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-pix_fmt", "yuvj420p", "-c:a", "aac", "-ac", "1", "-ar", "44100",
		"-f", "hls", "-hls_time", "1", "-hls_segment_filename", "{}/seg_%03d.ts", "{}/stream.m3u8")...))[0]
	bad := *a
	bad.Data = bad.Data[:len(bad.Data)/3]

	warmup, rounds := 100, 1000
	if v, err := strconv.Atoi(os.Getenv("DECODE_LEAK_ROUNDS")); err == nil {
		rounds = v
	}
	ctx := context.Background()
	d := New(Options{})
	defer d.Close()
	var rssStart int64
	goroutines := 0
	for i := 0; i < rounds; i++ {
		if i == warmup {
			runtime.GC()
			rssStart, goroutines = rssBytes(t), runtime.NumGoroutine()
		}
		seg := a
		switch {
		case i%10 == 9:
			seg = &bad
		case i%2 == 1:
			seg = b
		}
		s := *seg
		s.Index, s.Start = i, 0
		s.Discontinuity = true // each repeats the same timestamps
		var c collector
		if err := d.Decode(ctx, &s, &c); err != nil && seg != &bad {
			t.Fatalf("round %d: %v", i, err)
		}
		if i%50 == 0 {
			d.Reset()
		}
		// Every 7th round, a whole decoder is created and closed.
		if i%7 == 0 {
			d2 := New(Options{})
			if err := d2.Decode(ctx, &s, &c); err != nil && seg != &bad {
				t.Fatal(err)
			}
			d2.Close()
		}
	}
	runtime.GC()
	growth := rssBytes(t) - rssStart
	t.Logf("RSS %d MiB after warm-up, grew %d KiB over %d segments; goroutines %d -> %d",
		rssStart>>20, growth>>10, rounds-warmup, goroutines, runtime.NumGoroutine())
	// A leaked demuxer (64 KiB IO buffer) or decoder per segment would
	// add 50+ MiB over 900 segments.
	const maxGrowth = 16 << 20
	if growth > maxGrowth {
		t.Errorf("RSS grew %d MiB over %d segments", growth>>20, rounds-warmup)
	}
	if n := runtime.NumGoroutine(); n > goroutines+2 {
		t.Errorf("goroutines %d -> %d", goroutines, n)
	}
}
