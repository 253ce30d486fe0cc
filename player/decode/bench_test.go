package decode

import (
	"context"
	"syscall"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/player/media"
)

// discard is a Sink that releases everything at once.
type discard struct{ frames, samples int }

func (s *discard) Video(_ context.Context, f *media.VideoFrame) error {
	s.frames++
	f.Release()
	return nil
}

func (s *discard) Audio(_ context.Context, a *media.AudioChunk) error {
	s.samples += len(a.PCM) / media.AudioBytesPerFrame
	return nil
}

// cpuTime is the process's user+system CPU time.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkDecode1080p decodes the first 10 s segment (300 frames, H.264
// High + AAC) of the ladder's 1080p rendition, as the player does with
// the default 2 threads, and reports decoded frames per second of wall
// time.
func BenchmarkDecode1080p(b *testing.B) {
	for _, format := range []assets.Format{assets.TS, assets.FMP4} {
		b.Run(string(format), func(b *testing.B) {
			seg := segments(b, ladder(b, format), "1080p")[0]
			seg.Last = true
			d := New(Options{})
			defer d.Close()
			var s discard
			b.ResetTimer()
			start, cpu0 := time.Now(), cpuTime(b)
			for i := 0; i < b.N; i++ {
				s := *seg
				s.Discontinuity = true
				if err := d.Decode(context.Background(), &s, &discard{}); err != nil {
					b.Fatal(err)
				}
			}
			el, cpu := time.Since(start), cpuTime(b)-cpu0
			frames := 300 * b.N
			b.ReportMetric(float64(frames)/el.Seconds(), "frames/s")
			// CPU time (all threads) is what a busy machine does not skew.
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(frames), "cpu-ms/frame")
			_ = s
		})
	}
}
