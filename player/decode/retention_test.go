package decode

import (
	"context"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/player/media"
)

// A decoded segment's bytes must become garbage once Decode returns.
// go-astiav v0.16 keeps every IO context's callbacks in a map forever; when
// they referenced the segment, a session kept every segment it had played
// (5 MB every 10 s at 1080p). Finalizers on the segments' buffers tell.
func TestDecodedSegmentsAreNotRetained(t *testing.T) {
	data := readFile(t, filepath.Join(ladder(t, assets.TS), "180p", "seg_000.ts"))
	d := New(Options{})
	defer d.Close()
	const n = 6
	var freed atomic.Int32
	for i := 0; i < n; i++ {
		buf := make([]byte, len(data))
		copy(buf, data)
		runtime.SetFinalizer(&buf[0], func(*byte) { freed.Add(1) })
		seg := &media.Segment{Index: i, Start: time.Duration(i) * 10 * time.Second, Duration: 10 * time.Second, Data: buf}
		if err := d.Decode(context.Background(), seg, &discard{}); err != nil {
			t.Fatalf("segment %d: %v", i, err)
		}
	}
	// The decoder may still hold what it needs of the last segment.
	for try := 0; try < 100 && freed.Load() < n-1; try++ {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if got := freed.Load(); got < n-1 {
		t.Errorf("%d of %d decoded segments' bytes were freed; the rest are still referenced", got, n-1)
	}
}
