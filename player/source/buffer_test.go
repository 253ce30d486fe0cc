package source

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"smartplay/player/media"
)

func seg(i int, start, dur time.Duration, size int) *media.Segment {
	return &media.Segment{Index: i, Start: start, Duration: dur, Data: make([]byte, size)}
}

func TestBufferLimits(t *testing.T) {
	const s = time.Second
	type step struct {
		op        string // "push" (segment of dur/size), "pop", "check"
		dur       time.Duration
		size      int
		pos, next time.Duration
		level     time.Duration
		room      bool
	}
	tests := []struct {
		name     string
		maxAhead time.Duration
		maxBytes int64
		steps    []step
	}{
		{"seconds", 30 * s, 1 << 20, []step{
			{op: "check", pos: 0, next: 10 * s, level: 0, room: true},
			{op: "push", dur: 10 * s, size: 10},
			{op: "check", pos: 0, next: 10 * s, level: 10 * s, room: true},
			{op: "push", dur: 10 * s, size: 10},
			{op: "push", dur: 10 * s, size: 10},
			{op: "check", pos: 0, next: 10 * s, level: 30 * s, room: false},
			{op: "check", pos: 5 * s, next: 10 * s, level: 25 * s, room: false}, // 35 s would exceed 30
			{op: "check", pos: 5 * s, next: 5 * s, level: 25 * s, room: true},
			{op: "check", pos: 10 * s, next: 10 * s, level: 20 * s, room: true},
			{op: "check", pos: 45 * s, next: 10 * s, level: 0, room: true}, // playhead beyond: clamped
		}},
		{"bytes", time.Hour, 1000, []step{
			{op: "push", dur: s, size: 600},
			{op: "check", pos: 0, next: s, level: s, room: true},
			{op: "push", dur: s, size: 600},
			{op: "check", pos: 0, next: s, level: 2 * s, room: false},
			{op: "pop"},
			{op: "check", pos: 0, next: s, level: 2 * s, room: true},
		}},
		{"limit under two segments still allows two", 5 * s, 1 << 20, []step{
			{op: "check", pos: 0, next: 10 * s, level: 0, room: true},
			{op: "push", dur: 10 * s, size: 500},
			{op: "check", pos: 0, next: 10 * s, level: 10 * s, room: true}, // the one playing + the next
			{op: "push", dur: 10 * s, size: 500},
			{op: "check", pos: 0, next: 10 * s, level: 20 * s, room: false},
			{op: "check", pos: 10 * s, next: 10 * s, level: 10 * s, room: true},
		}},
		{"one segment over the byte limit still fits an empty queue", time.Hour, 100, []step{
			{op: "push", dur: s, size: 500},
			{op: "check", pos: 0, next: s, level: s, room: false},
			{op: "pop"},
			{op: "check", pos: 0, next: s, level: s, room: true},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := NewBuffer(tc.maxAhead, tc.maxBytes)
			var end time.Duration
			for i, st := range tc.steps {
				switch st.op {
				case "push":
					b.Push(seg(i, end, st.dur, st.size))
					end += st.dur
				case "pop":
					if _, err := b.Pop(t.Context()); err != nil {
						t.Fatal(err)
					}
				case "check":
					if l, r := b.Level(st.pos), b.HasRoom(st.pos, st.next); l != st.level || r != st.room {
						t.Fatalf("step %d: level %v room %v; want %v %v", i, l, r, st.level, st.room)
					}
				}
			}
		})
	}
}

func TestBufferQueue(t *testing.T) {
	b := NewBuffer(0, 0)
	got := make(chan int, 10)
	done := make(chan error, 1)
	go func() {
		for {
			s, err := b.Pop(t.Context())
			if err != nil {
				done <- err
				return
			}
			got <- s.Index
		}
	}()
	for i := range 3 {
		b.Push(seg(i, time.Duration(i)*time.Second, time.Second, 1))
	}
	b.Close(nil)
	b.Push(seg(9, 0, time.Second, 1)) // after Close: dropped
	if err := <-done; err != io.EOF {
		t.Fatalf("after the last segment: %v, want io.EOF", err)
	}
	for want := range 3 {
		if i := <-got; i != want {
			t.Fatalf("popped %d, want %d", i, want)
		}
	}
	if b.Len() != 0 || b.Bytes() != 0 {
		t.Fatalf("len %d bytes %d after draining", b.Len(), b.Bytes())
	}

	failed := errors.New("boom")
	b = NewBuffer(0, 0)
	b.Push(seg(0, 0, time.Second, 1))
	b.Close(failed)
	if s, err := b.Pop(t.Context()); err != nil || s.Index != 0 {
		t.Fatalf("queued segment before the error: %v", err)
	}
	if _, err := b.Pop(t.Context()); err != failed {
		t.Fatalf("err %v, want %v", err, failed)
	}

	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	if _, err := NewBuffer(0, 0).Pop(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v", err)
	}
}
