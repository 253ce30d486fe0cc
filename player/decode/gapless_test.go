package decode

import (
	"testing"
	"time"
)

func TestSamplesRoundTrip(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want int64
	}{
		{0, 0},
		{time.Second, 48000},
		{21333333, 1024},
		{-21333333, -1024},
		{10 * time.Millisecond, 480},
		{10 * time.Hour, 10 * 3600 * 48000},
	}
	for _, tt := range tests {
		if got := samples(tt.d); got != tt.want {
			t.Errorf("samples(%v) = %d, want %d", tt.d, got, tt.want)
		}
		if back := samples(samplesDuration(tt.want)); back != tt.want {
			t.Errorf("samples(samplesDuration(%d)) = %d", tt.want, back)
		}
	}
}

// TestAudioCursor feeds sequences of chunks (pts, samples, skip) and
// checks how each is placed.
func TestAudioCursor(t *testing.T) {
	type chunk struct {
		pts  int64
		n    int
		skip int64
		want audioPlan
	}
	const frame = 1024
	tests := []struct {
		name   string
		chunks []chunk
	}{
		{"contiguous chunks pass through", []chunk{
			{0, frame, 0, audioPlan{0, 0, 0}},
			{frame, frame, 0, audioPlan{frame, 0, 0}},
		}},
		{"rounding jitter snaps to the previous end", []chunk{
			{0, frame, 0, audioPlan{0, 0, 0}},
			{frame + 3, frame, 0, audioPlan{frame, 0, 0}},
			{2*frame - 2, frame, 0, audioPlan{2 * frame, 0, 0}},
		}},
		{"a small gap is filled with silence", []chunk{
			{0, frame, 0, audioPlan{0, 0, 0}},
			{2 * frame, frame, 0, audioPlan{frame, frame, 0}},
			{3 * frame, frame, 0, audioPlan{3 * frame, 0, 0}},
		}},
		{"a large gap is left alone", []chunk{
			{0, frame, 0, audioPlan{0, 0, 0}},
			{48000, frame, 0, audioPlan{48000, 0, 0}},
			{48000 + frame, frame, 0, audioPlan{48000 + frame, 0, 0}},
		}},
		{"an overlap is trimmed", []chunk{
			{0, frame, 0, audioPlan{0, 0, 0}},
			{frame - 300, frame, 0, audioPlan{frame, 0, 300}},
			{2*frame - 300, frame, 0, audioPlan{2*frame - 300, 0, 0}},
		}},
		{"a duplicate chunk is dropped whole", []chunk{
			{0, frame, 0, audioPlan{0, 0, 0}},
			{frame, frame, 0, audioPlan{frame, 0, 0}},
			{frame, frame, 0, audioPlan{2 * frame, 0, frame}},
			{2 * frame, frame, 0, audioPlan{2 * frame, 0, 0}},
		}},
		{"a jump back over a second restarts", []chunk{
			{96000, frame, 0, audioPlan{96000, 0, 0}},
			{0, frame, 0, audioPlan{0, 0, 0}},
			{frame, frame, 0, audioPlan{frame, 0, 0}},
		}},
		{"skip trims the straddling chunk and drops earlier ones", []chunk{
			{0, frame, 1500, audioPlan{frame, 0, frame}},
			{frame, frame, 1500, audioPlan{1500, 0, 1500 - frame}},
			{2 * frame, frame, 1500, audioPlan{2 * frame, 0, 0}},
		}},
		{"skip cuts into filled silence first", []chunk{
			{0, frame, 0, audioPlan{0, 0, 0}},
			{2 * frame, frame, frame + 100, audioPlan{frame + 100, frame - 100, 0}},
		}},
		{"audio before zero is dropped (encoder priming)", []chunk{
			{-frame, frame, 0, audioPlan{0, 0, frame}},
			{0, frame, 0, audioPlan{0, 0, 0}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c audioCursor
			for i, ch := range tt.chunks {
				if got := c.place(ch.pts, ch.n, ch.skip); got != ch.want {
					t.Errorf("chunk %d (pts %d): %+v, want %+v", i, ch.pts, got, ch.want)
				}
			}
		})
	}
}
