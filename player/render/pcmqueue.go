package render

import (
	"sync"
	"time"

	"smartplay/player/media"
)

// pcmJitterSamples is how far a chunk's PTS may differ from the end of the
// previous chunk and still count as contiguous. Why: PTS are rounded to
// nanoseconds (and by the container to its time base), so back-to-back
// chunks can look a sample apart; inserting or trimming a sample for that
// would click. Larger differences are real gaps or overlaps.
const pcmJitterSamples = 2

// pcmEntry is queued PCM placed on the output timeline.
type pcmEntry struct {
	start int64 // first sample's index on the timeline
	pcm   []byte
}

func (e pcmEntry) end() int64 { return e.start + int64(len(e.pcm)/media.AudioBytesPerFrame) }

// pcmQueue is the Consumer's audio queue and the Source its Output reads.
// It has its own lock (an oto goroutine reads it while the Consumer may be
// waiting on the Output), and it never calls out while holding it, except
// onRead, which must not block.
type pcmQueue struct {
	mu      sync.Mutex
	entries []pcmEntry // ascending, non-overlapping, all ending after cursor
	cursor  int64      // next sample to read
	started bool       // cursor is valid (playback started)
	lastEnd int64      // end of the last accepted chunk
	hasLast bool
	queued  int64 // samples held in entries
	// fill: silence may be synthesized up to here when no chunk covers the
	// time (no audio track, audio over, or audio missing for a stretch).
	fill int64
	// limit: reads never pass it (the end of decoded video while video is
	// still coming), so the audio clock stops exactly when video runs dry.
	limit  int64
	eos    bool
	onRead func()
}

func newPCMQueue(onRead func()) *pcmQueue {
	q := &pcmQueue{onRead: onRead}
	q.resetLocked()
	return q
}

func (q *pcmQueue) resetLocked() {
	q.entries = nil
	q.cursor, q.started = 0, false
	q.lastEnd, q.hasLast = 0, false
	q.queued = 0
	q.fill, q.limit, q.eos = -maxSamples, maxSamples, false
}

// reset empties the queue (after a seek).
func (q *pcmQueue) reset() {
	q.mu.Lock()
	q.resetLocked()
	q.mu.Unlock()
}

// start puts the read cursor at pos and drops what is before it.
func (q *pcmQueue) start(pos time.Duration) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.cursor, q.started = toSamples(pos), true
	q.dropBeforeCursorLocked()
}

// setBounds updates the synthetic-silence horizon, the read limit and
// whether the stream has ended; the Consumer recomputes them on each change.
func (q *pcmQueue) setBounds(fill, limit time.Duration, fillOK, limitOK, eos bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.fill, q.limit, q.eos = -maxSamples, maxSamples, eos
	if fillOK {
		q.fill = toSamples(fill)
	}
	if limitOK {
		q.limit = toSamples(limit)
	}
}

// push places a chunk on the timeline: a small PTS jitter snaps to the
// previous end, data before what was already queued or played is trimmed.
// It returns the number of samples accepted.
func (q *pcmQueue) push(pts time.Duration, pcm []byte) int64 {
	n := len(pcm) / media.AudioBytesPerFrame
	if n == 0 {
		return 0
	}
	pcm = pcm[:n*media.AudioBytesPerFrame]
	q.mu.Lock()
	defer q.mu.Unlock()
	s := toSamples(pts)
	var floor int64 = -maxSamples
	if q.hasLast {
		if d := s - q.lastEnd; d >= -pcmJitterSamples && d <= pcmJitterSamples {
			s = q.lastEnd
		}
		floor = q.lastEnd
	}
	if q.started && q.cursor > floor {
		floor = q.cursor
	}
	if s < floor {
		cut := floor - s
		if cut >= int64(n) {
			return 0
		}
		pcm = pcm[cut*media.AudioBytesPerFrame:]
		s = floor
	}
	e := pcmEntry{start: s, pcm: pcm}
	q.entries = append(q.entries, e)
	q.queued += e.end() - e.start
	q.lastEnd, q.hasLast = e.end(), true
	return e.end() - e.start
}

func (q *pcmQueue) dropBeforeCursorLocked() {
	for len(q.entries) > 0 {
		e := &q.entries[0]
		if e.end() <= q.cursor {
			q.queued -= e.end() - e.start
			q.entries = q.entries[1:]
			continue
		}
		if e.start < q.cursor {
			cut := q.cursor - e.start
			e.pcm = e.pcm[cut*media.AudioBytesPerFrame:]
			e.start = q.cursor
			q.queued -= cut
		}
		break
	}
	if len(q.entries) == 0 {
		q.entries = nil // let the backing array go
	}
}

// availEndLocked is the sample up to which reads can go from the cursor
// (or from `from` before playback started).
func (q *pcmQueue) availEndLocked(from int64) int64 {
	end := from
	if n := len(q.entries); n > 0 && q.entries[n-1].end() > end {
		end = q.entries[n-1].end()
	}
	if q.fill > end {
		end = q.fill
	}
	if q.limit < end {
		end = q.limit
	}
	return end
}

// availEnd is the media time up to which the clock can run on what is
// decoded, counted from `from` before playback started.
func (q *pcmQueue) availEnd(from time.Duration) time.Duration {
	q.mu.Lock()
	defer q.mu.Unlock()
	f := toSamples(from)
	if q.started {
		f = q.cursor
	}
	return toDuration(q.availEndLocked(f))
}

// state reports the queue for the Consumer: queued real audio, the end of
// the last chunk and the first queued sample's time.
func (q *pcmQueue) state() (queued time.Duration, lastEnd time.Duration, hasLast bool, first time.Duration, hasFirst bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	queued = toDuration(q.queued)
	if len(q.entries) > 0 {
		first, hasFirst = toDuration(q.entries[0].start), true
	}
	return queued, toDuration(q.lastEnd), q.hasLast, first, hasFirst
}

// ReadPCM implements Source.
func (q *pcmQueue) ReadPCM(p []byte) (int, time.Duration, bool) {
	q.mu.Lock()
	n, pts, ended := q.readLocked(p, int64(len(p)/media.AudioBytesPerFrame))
	q.mu.Unlock()
	if n > 0 && q.onRead != nil {
		q.onRead()
	}
	return n, pts, ended
}

// Skip implements Source.
func (q *pcmQueue) Skip(to time.Duration) time.Duration {
	q.mu.Lock()
	var pos time.Duration
	moved := false
	if q.started {
		if want := toSamples(to) - q.cursor; want > 0 {
			n, _, _ := q.readLocked(nil, want)
			moved = n > 0
		}
		pos = toDuration(q.cursor)
	}
	q.mu.Unlock()
	if moved && q.onRead != nil {
		q.onRead()
	}
	return pos
}

// readLocked advances the cursor by up to want samples, copying them into p
// when p is not nil (silence for gaps), and returns bytes advanced.
func (q *pcmQueue) readLocked(p []byte, want int64) (int, time.Duration, bool) {
	pts := toDuration(q.cursor)
	if !q.started {
		return 0, pts, false
	}
	end := q.availEndLocked(q.cursor)
	var done int64
	for done < want && q.cursor < end {
		k := min(want-done, end-q.cursor)
		var src []byte
		if len(q.entries) > 0 && q.entries[0].start <= q.cursor {
			e := q.entries[0]
			k = min(k, e.end()-q.cursor)
			off := (q.cursor - e.start) * media.AudioBytesPerFrame
			src = e.pcm[off : off+k*media.AudioBytesPerFrame]
		} else if len(q.entries) > 0 {
			k = min(k, q.entries[0].start-q.cursor) // gap: silence
		}
		if p != nil {
			dst := p[done*media.AudioBytesPerFrame : (done+k)*media.AudioBytesPerFrame]
			if src != nil {
				copy(dst, src)
			} else {
				clear(dst)
			}
		}
		q.cursor += k
		done += k
		q.dropBeforeCursorLocked()
	}
	ended := done == 0 && q.eos && len(q.entries) == 0 && q.cursor >= q.fill
	return int(done) * media.AudioBytesPerFrame, pts, ended
}
