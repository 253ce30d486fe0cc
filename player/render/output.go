package render

import (
	"math"
	"time"

	"smartplay/player/media"
)

// Output is an audio sink that is also the playback clock. The Consumer
// drives it; its methods are called with the Consumer's lock held, so an
// Output must not call back into the Consumer (it reads PCM through the
// Source it was started with, which has its own lock).
type Output interface {
	// Start binds the output to the PCM it plays. Called once, by
	// NewConsumer. The clock is paused at 0 until Seek and Play.
	Start(src Source) error
	// Play starts or resumes the clock (and the sound).
	Play()
	// Pause stops the clock. A device may still play what it has already
	// buffered (its position keeps moving through it).
	Pause()
	// Seek drops anything buffered and puts the clock at pos, paused.
	Seek(pos time.Duration)
	// Position is the media time being presented now.
	Position() time.Duration
	// SetVolume sets the volume, 0 (silent) … 1 (full).
	SetVolume(v float64)
	// Close releases the device. The Output is not used afterwards.
	Close() error
}

// Source is the PCM an Output plays, on the media timeline. It is
// continuous: gaps between chunks read as silence and overlaps are trimmed.
type Source interface {
	// ReadPCM copies up to len(p) bytes of s16le stereo 48 kHz PCM (whole
	// sample frames) and returns how many, and the media time of p[0].
	// n is 0 when nothing is decoded yet at the read position; ended then
	// says no more data will come (the stream is over).
	ReadPCM(p []byte) (n int, pts time.Duration, ended bool)
	// Skip discards PCM up to media time to, or up to the end of the data
	// that is there, and returns the new read position.
	Skip(to time.Duration) time.Duration
}

// Stepper is implemented by simulated clocks: the Consumer calls Step with
// the media time up to which data is decoded (and the next frame is due),
// and the clock jumps there instead of waiting for real time.
type Stepper interface {
	Step(to time.Duration)
}

// UnderrunCounter is implemented by outputs that can run out of PCM while
// playing (a real device); Stats reports the count.
type UnderrunCounter interface {
	Underruns() int64
}

// toSamples converts a media time to a sample index at media.AudioRate,
// rounding to the nearest sample (integer arithmetic: exact for any time).
func toSamples(d time.Duration) int64 {
	const sec = int64(time.Second)
	q, r := floorDiv(int64(d), sec)
	return q*media.AudioRate + (r*media.AudioRate+sec/2)/sec
}

// toDuration converts a sample index to media time, rounding down, so that
// toSamples(toDuration(s)) == s.
func toDuration(s int64) time.Duration {
	q, r := floorDiv(s, media.AudioRate)
	return time.Duration(q*int64(time.Second) + r*int64(time.Second)/media.AudioRate)
}

// floorDiv returns the floor quotient and the non-negative remainder.
func floorDiv(a, b int64) (q, r int64) {
	q, r = a/b, a%b
	if r < 0 {
		q--
		r += b
	}
	return q, r
}

// maxSamples stands for "no limit" in sample arithmetic.
const maxSamples = math.MaxInt64 / 4
