package source

import (
	"context"
	"io"
	"sync"
	"time"

	"smartplay/player/media"
)

// Buffer is the forward buffer: downloaded segments waiting for the
// decoder, bounded in seconds ahead of the playhead and in bytes. The
// download side Pushes and asks HasRoom; the decoder side Pops. It is safe
// for concurrent use by one producer and one consumer.
type Buffer struct {
	maxAhead time.Duration
	maxBytes int64

	mu      sync.Mutex
	queue   []*media.Segment
	bytes   int64         // Data+Init bytes queued (not yet popped)
	end     time.Duration // end time of the last segment pushed
	pushed  bool
	err     error         // set by Close; io.EOF for a finished presentation
	changed chan struct{} // closed and replaced on every change
}

// NewBuffer returns a buffer that holds at most maxAhead of media ahead of
// the playhead and maxBytes of queued segments (defaults DefaultMaxBuffer,
// DefaultMaxBufferBytes for values ≤ 0).
func NewBuffer(maxAhead time.Duration, maxBytes int64) *Buffer {
	if maxAhead <= 0 {
		maxAhead = DefaultMaxBuffer
	}
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBufferBytes
	}
	return &Buffer{maxAhead: maxAhead, maxBytes: maxBytes, changed: make(chan struct{})}
}

// segmentBytes is what a queued segment holds in memory, its audio parts
// included.
func segmentBytes(s *media.Segment) int64 {
	n := int64(len(s.Data) + len(s.Init))
	for _, p := range s.Audio { // a straddling part counts with each segment holding it
		n += int64(len(p.Data) + len(p.Init))
	}
	return n
}

// notify wakes everyone waiting on Changed. Call with mu held.
func (b *Buffer) notify() {
	close(b.changed)
	b.changed = make(chan struct{})
}

// Push queues a fully downloaded segment. After Close it is dropped.
func (b *Buffer) Push(s *media.Segment) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return
	}
	b.queue = append(b.queue, s)
	b.bytes += segmentBytes(s)
	b.end = s.End()
	b.pushed = true
	b.notify()
}

// Pop returns the next segment, waiting for one. After Close it drains
// what is queued, then returns the close error (io.EOF at the end).
func (b *Buffer) Pop(ctx context.Context) (*media.Segment, error) {
	for {
		b.mu.Lock()
		if len(b.queue) > 0 {
			s := b.queue[0]
			b.queue[0] = nil
			b.queue = b.queue[1:]
			b.bytes -= segmentBytes(s)
			b.notify()
			b.mu.Unlock()
			return s, nil
		}
		if b.err != nil {
			err := b.err
			b.mu.Unlock()
			return nil, err
		}
		ch := b.changed
		b.mu.Unlock()
		select {
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		case <-ch:
		}
	}
}

// Close ends the stream: Pop returns err (io.EOF when nil) once the queue
// is empty. Only the first Close counts.
func (b *Buffer) Close(err error) {
	if err == nil {
		err = io.EOF
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err == nil {
		b.err = err
		b.notify()
	}
}

// Level is the buffered media ahead of pos: the end of the last fully
// downloaded segment minus pos, never negative.
func (b *Buffer) Level(pos time.Duration) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.pushed || b.end <= pos {
		return 0
	}
	return b.end - pos
}

// Bytes is the size of the queued segments.
func (b *Buffer) Bytes() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.bytes
}

// Len is the number of queued segments.
func (b *Buffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.queue)
}

// HasRoom reports whether a segment of duration next may be downloaded
// with the playhead at pos: the level must leave room for it under
// maxAhead, and the queued bytes must be under maxBytes. Whatever the
// limit, two segments are allowed (the one playing and the one
// downloading); fewer would stall at every segment.
func (b *Buffer) HasRoom(pos, next time.Duration) bool {
	level := b.Level(pos)
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.queue) > 0 && b.bytes >= b.maxBytes {
		return false
	}
	return level <= max(b.maxAhead-next, next)
}

// Changed returns a channel closed at the next Push, Pop or Close.
func (b *Buffer) Changed() <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.changed
}
