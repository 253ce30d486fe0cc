package decode

import (
	"runtime"

	"github.com/asticode/go-astiav"
)

// Video decoding threads. FFmpeg's frame threading decodes one picture
// per thread, and every thread keeps its own decoding context and
// pictures: memory the player pays for all along, worth it only where one
// core cannot keep up with the stream. So the thread count follows the
// stream's pixel rate (Options.Threads overrides it).
const (
	// singleThreadPixelRate is the H.264 pixel rate (pixels a second) up
	// to which one thread decodes: 1080p30. Measured on the 15 s 1080p30
	// clip (ffmpeg -benchmark, 2 cores, machine loaded): one thread decodes
	// it at 227 fps (7.5× real time), two at 343 fps for 10.6 MB more
	// resident memory; in the window, one thread took peak RSS down
	// 5-10 MiB with no more dropped frames.
	singleThreadPixelRate = 1920 * 1080 * 30
	// heavyCodecCost: HEVC, VP9 and AV1 cost about twice H.264's decoding
	// per pixel, so they get threads from half its pixel rate.
	heavyCodecCost = 2
	// unknownFrameRate is assumed when the stream does not say (high, so
	// that content of unknown rate gets threads).
	unknownFrameRate = 60
	// maxDecodeThreads bounds the threads of a heavy stream: frame
	// threading's gain flattens past a few cores, and each thread adds a
	// picture of delay and of memory.
	maxDecodeThreads = 4
)

// threadsFor is the number of decoding threads for a video stream (codec:
// FFmpeg's codec name) of
// w x h pixels at fps frames a second (0: unknown) on a machine with cpus
// cores: 1 up to singleThreadPixelRate (weighted by the codec's cost),
// else one per core, 2 to maxDecodeThreads.
func threadsFor(codec string, w, h int, fps float64, cpus int) int {
	if fps <= 0 || fps > 1000 {
		fps = unknownFrameRate
	}
	cost := 1.0
	switch codec {
	case "hevc", "vp9", "av1":
		cost = heavyCodecCost
	}
	if float64(w)*float64(h)*fps*cost <= singleThreadPixelRate {
		return 1
	}
	return min(max(cpus, 2), maxDecodeThreads)
}

// streamThreads is threadsFor for an opened stream, or the decoder's
// fixed count when Options.Threads set one.
func (d *Decoder) streamThreads(s *astiav.Stream) int {
	if d.threads > 0 {
		return d.threads
	}
	cp := s.CodecParameters()
	fps := s.AvgFrameRate()
	if fps.Num() <= 0 || fps.Den() <= 0 {
		fps = s.RFrameRate()
	}
	rate := 0.0
	if fps.Num() > 0 && fps.Den() > 0 {
		rate = fps.Float64()
	}
	return threadsFor(cp.CodecID().Name(), cp.Width(), cp.Height(), rate, runtime.NumCPU())
}
