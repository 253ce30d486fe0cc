package decode

import (
	"time"

	"smartplay/player/media"
)

const (
	// audioSnapTolerance: a chunk starting this close to where the previous
	// one ended is contiguous with it; the difference is timestamp rounding
	// (90 kHz and 48 kHz clocks, AAC frames cut differently by two muxers).
	audioSnapTolerance = 2 * time.Millisecond
	// audioMaxFill: a gap up to this long between two chunks is filled with
	// silence so that the audio clock never stops (a rendition switch where
	// the new segment's first audio frame starts a little late). A longer gap
	// is real (missing content) and left for the renderer to handle.
	audioMaxFill = 500 * time.Millisecond
	// audioMaxOverlap: an overlap up to this long is trimmed from the new
	// chunk (the same audio frame muxed into both renditions' segments). A
	// longer one means the timestamps jumped back; the chunk is kept as is.
	audioMaxOverlap = time.Second
)

// samples converts a duration to a count of 48 kHz samples, rounding to the
// nearest sample (halves away from zero).
func samples(d time.Duration) int64 {
	s, r := int64(d/time.Second), int64(d%time.Second)
	half := int64(time.Second) / 2
	if r < 0 {
		half = -half
	}
	return s*media.AudioRate + (r*media.AudioRate+half)/int64(time.Second)
}

// samplesDuration converts a count of 48 kHz samples to a duration.
func samplesDuration(n int64) time.Duration {
	return time.Duration(n/media.AudioRate)*time.Second +
		time.Duration(n%media.AudioRate)*time.Second/media.AudioRate
}

// audioPlan says how to emit one chunk of decoded audio: silence samples of
// silence, then the chunk's samples from index drop on, starting at sample
// start (48 kHz units on the media timeline). Nothing is emitted when
// silence and the remaining samples are both zero.
type audioPlan struct {
	start   int64
	silence int
	drop    int
}

// audioCursor keeps the audio output gapless: it remembers where the last
// chunk ended and fits each new chunk to it.
type audioCursor struct {
	have bool
	next int64 // the sample index just after the last chunk
}

// place fits a chunk of n samples stamped at pts (48 kHz sample index) to
// the output, dropping everything before skip (sample index).
func (c *audioCursor) place(pts int64, n int, skip int64) audioPlan {
	p := audioPlan{start: pts}
	if c.have {
		d := pts - c.next
		switch {
		case abs64(d) <= samples(audioSnapTolerance):
			p.start = c.next
		case d > 0 && d <= samples(audioMaxFill):
			p.start, p.silence = c.next, int(d)
		case d < 0 && -d <= samples(audioMaxOverlap):
			p.start, p.drop = c.next, int(min(-d, int64(n)))
		}
	}
	// The chunk as placed covers [start, start+silence+n-drop).
	end := p.start + int64(p.silence+n-p.drop)
	if p.start < skip {
		cut := min(skip, end) - p.start
		fromSilence := min(cut, int64(p.silence))
		p.silence -= int(fromSilence)
		p.drop += int(cut - fromSilence)
		p.start += cut
	}
	c.next, c.have = end, true
	return p
}

// reset forgets the last chunk (after a seek).
func (c *audioCursor) reset() { *c = audioCursor{} }

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
