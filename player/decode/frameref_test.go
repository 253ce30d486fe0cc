package decode

import (
	"context"
	"hash/crc32"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/player/media"
)

// holder keeps every frame it receives, with a checksum of its planes
// taken on arrival.
type holder struct {
	frames []*media.VideoFrame
	sums   []uint32
}

func planeSum(f *media.VideoFrame) uint32 {
	h := crc32.NewIEEE()
	h.Write(f.Y)
	h.Write(f.U)
	h.Write(f.V)
	return h.Sum32()
}

func (h *holder) Video(_ context.Context, f *media.VideoFrame) error {
	h.frames = append(h.frames, f)
	h.sums = append(h.sums, planeSum(f))
	return nil
}

func (h *holder) Audio(context.Context, *media.AudioChunk) error { return nil }

// Frames share the decoder's picture buffers instead of copying them. A
// frame held in the render queue must keep its picture while the decoder
// goes on (FFmpeg must not reuse a buffer we still reference), and every
// picture must go back once its frame is released.
func TestHeldFramesKeepTheirPictures(t *testing.T) {
	data := readFile(t, filepath.Join(ladder(t, assets.TS), "360p", "seg_000.ts"))
	d := New(Options{})
	defer d.Close()
	before := heldFrames.Load()
	var h holder
	t.Cleanup(func() {
		for _, f := range h.frames {
			f.Release()
		}
	})
	seg := &media.Segment{Index: 0, Duration: 10 * time.Second, Data: data}
	if err := d.Decode(context.Background(), seg, &h); err != nil {
		t.Fatal(err)
	}
	if err := d.Flush(context.Background(), &h); err != nil {
		t.Fatal(err)
	}
	if len(h.frames) != 300 {
		t.Fatalf("decoded %d frames, want 300 (10 s at 30 fps)", len(h.frames))
	}
	if got := heldFrames.Load() - before; got != int64(len(h.frames)) {
		t.Errorf("%d decoder pictures held, want one per frame kept (%d)", got, len(h.frames))
	}
	distinct := map[uint32]bool{}
	for i, f := range h.frames {
		if s := planeSum(f); s != h.sums[i] {
			t.Fatalf("frame %d changed after it was handed over (the decoder reused its buffer)", i)
		}
		distinct[h.sums[i]] = true
	}
	if len(distinct) < len(h.frames)/2 {
		t.Errorf("only %d distinct pictures in %d frames (the test picture moves every frame)", len(distinct), len(h.frames))
	}
	for _, f := range h.frames {
		f.Release()
		f.Release() // a second Release is harmless
	}
	if got := heldFrames.Load() - before; got != 0 {
		t.Errorf("%d decoder pictures still held after every frame was released", got)
	}
}

// A sink that forgets to Release must not keep pictures for good: they go
// back when the frames are collected.
func TestUnreleasedFramesAreFreedWhenCollected(t *testing.T) {
	data := readFile(t, filepath.Join(ladder(t, assets.TS), "180p", "seg_000.ts"))
	d := New(Options{})
	defer d.Close()
	before := heldFrames.Load()
	h := &holder{}
	if err := d.Decode(context.Background(), &media.Segment{Index: 0, Duration: 10 * time.Second, Data: data}, h); err != nil {
		t.Fatal(err)
	}
	if heldFrames.Load()-before == 0 {
		t.Fatal("no decoder picture held: frames were copied, the test checks nothing")
	}
	h = nil
	for try := 0; try < 100 && heldFrames.Load() != before; try++ {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if got := heldFrames.Load() - before; got != 0 {
		t.Errorf("%d pictures of unreachable frames were never given back", got)
	}
}
