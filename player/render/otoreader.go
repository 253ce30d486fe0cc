package render

import (
	"sync"
	"time"

	"smartplay/player/media"
)

// underrunChunkBytes is how much silence one read returns when the queue is
// dry: 5 ms, small so that real data queued right after an underrun is not
// delayed behind a long stretch of silence.
const underrunChunkBytes = media.AudioRate / 200 * media.AudioBytesPerFrame

// span is a run of bytes handed to the device: media (its PTS advances the
// clock) or silence (underrun, pause, startup: the clock stands at pts).
type span struct {
	start, end int64 // byte offsets in the stream handed to the device
	pts        time.Duration
	media      bool
}

// otoReader is the io.Reader an oto Player pulls from. It never blocks: when
// paused it returns silence, when the queue is dry it returns nothing while
// the device still has enough buffered, then silence (an underrun). It
// records what it handed out so Position can map the byte being heard back
// to a media time.
type otoReader struct {
	mu        sync.Mutex
	src       Source
	playing   bool
	buffered  func() int // bytes read but not yet played (Player.BufferedSize)
	latency   int        // bytes in the device's own buffer, after buffered
	lowWater  int        // below this many buffered bytes a dry queue is an underrun
	total     int64      // bytes handed out
	spans     []span
	rest      time.Duration // position when nothing media is being heard
	staleEnd  int64         // bytes before this were read before the last Seek
	underruns int64
	inUnder   bool
}

func newOtoReader(buffered func() int, latencyBytes, lowWaterBytes int) *otoReader {
	return &otoReader{buffered: buffered, latency: latencyBytes, lowWater: lowWaterBytes}
}

func (r *otoReader) setSource(src Source) {
	r.mu.Lock()
	r.src = src
	r.mu.Unlock()
}

func (r *otoReader) setPlaying(on bool) {
	r.mu.Lock()
	r.playing = on
	r.mu.Unlock()
}

// Read implements io.Reader for oto.
func (r *otoReader) Read(p []byte) (int, error) {
	p = p[:len(p)/media.AudioBytesPerFrame*media.AudioBytesPerFrame]
	if len(p) == 0 {
		return 0, nil
	}
	buffered := r.buffered() // outside r.mu: it takes the player's lock
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.playing || r.src == nil {
		r.inUnder = false
		return r.silenceLocked(p, len(p)), nil
	}
	n, pts, ended := r.src.ReadPCM(p)
	if n > 0 {
		r.inUnder = false
		r.addSpanLocked(n, pts, true)
		return n, nil
	}
	if buffered > r.lowWater {
		return 0, nil // the device still has plenty; try again shortly
	}
	if !ended && !r.inUnder {
		r.underruns++
		r.inUnder = true
	}
	return r.silenceLocked(p, underrunChunkBytes), nil
}

func (r *otoReader) silenceLocked(p []byte, n int) int {
	n = min(n, len(p))
	clear(p[:n])
	r.addSpanLocked(n, 0, false)
	return n
}

func (r *otoReader) addSpanLocked(n int, pts time.Duration, isMedia bool) {
	s := span{start: r.total, end: r.total + int64(n), pts: pts, media: isMedia}
	r.total = s.end
	if k := len(r.spans); k > 0 {
		last := &r.spans[k-1]
		contiguous := isMedia && last.media &&
			toSamples(last.pts)+(last.end-last.start)/media.AudioBytesPerFrame == toSamples(pts)
		if contiguous || (!isMedia && !last.media) {
			last.end = s.end
			return
		}
	}
	r.spans = append(r.spans, s)
}

// heardLocked is the byte offset being heard now.
func (r *otoReader) heardLocked(buffered int) int64 {
	h := r.total - int64(buffered) - int64(r.latency)
	return max(h, 0)
}

// position maps the byte being heard to media time; stale reports that
// bytes read before the last Seek are still being heard.
func (r *otoReader) position() (pos time.Duration, stale bool) {
	// Under r.mu no Read runs, so total and the player's buffer agree
	// (except in the instant between a Read's return and oto appending
	// its bytes, which clockGuard absorbs). Lock order: r.mu, then the
	// player's lock; oto never holds its lock while calling Read.
	r.mu.Lock()
	defer r.mu.Unlock()
	h := r.heardLocked(r.buffered())
	if h < r.staleEnd {
		return r.rest, true
	}
	for len(r.spans) > 0 && r.spans[0].end <= h {
		if s := r.spans[0]; s.media {
			r.rest = toDuration(toSamples(s.pts) + (s.end-s.start)/media.AudioBytesPerFrame)
		}
		r.spans = r.spans[1:]
	}
	if len(r.spans) == 0 {
		r.spans = nil
		return r.rest, false
	}
	s := r.spans[0]
	if !s.media || h < s.start {
		return r.rest, false
	}
	// Sample arithmetic keeps the mapping exact over long spans.
	return toDuration(toSamples(s.pts) + (h-s.start)/media.AudioBytesPerFrame), false
}

// seek forgets the spans: what the device still holds is stale and the
// position stands at pos until new data is heard.
func (r *otoReader) seek(pos time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.playing = false
	r.spans = nil
	r.rest = pos
	r.staleEnd = r.total
	r.inUnder = false
}

func (r *otoReader) underrunCount() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.underruns
}

// clockJumpTolerance is how far a device clock may move beyond the wall
// time elapsed since the last reading: ALSA consumes a period (~21 ms) at
// a time, so readings step; a larger jump is a reading taken while oto was
// appending a read (up to 100 ms), which must not show.
const clockJumpTolerance = 25 * time.Millisecond

// clockGuard keeps a device clock monotonic and no faster than real time
// plus clockJumpTolerance between readings.
type clockGuard struct {
	last     time.Duration
	lastWall time.Time
	valid    bool
}

func (g *clockGuard) reset() { g.valid = false }

func (g *clockGuard) filter(raw time.Duration, now time.Time) time.Duration {
	if !g.valid {
		g.last, g.lastWall, g.valid = raw, now, true
		return raw
	}
	limit := g.last + now.Sub(g.lastWall) + clockJumpTolerance
	pos := min(max(raw, g.last), limit)
	g.last, g.lastWall = pos, now
	return pos
}
