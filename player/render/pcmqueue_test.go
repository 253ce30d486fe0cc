package render

import (
	"testing"
	"time"

	"smartplay/player/media"
)

// run is a stretch of output samples with one byte value (0 = silence).
type run struct {
	val     byte
	samples int
}

// readAll drains the queue and compresses the bytes into runs.
func readAll(q *pcmQueue) []run {
	var out []run
	buf := make([]byte, 1000*media.AudioBytesPerFrame)
	for {
		n, _, _ := q.ReadPCM(buf)
		if n == 0 {
			return out
		}
		for i := 0; i < n; i += media.AudioBytesPerFrame {
			v := buf[i]
			if k := len(out); k > 0 && out[k-1].val == v {
				out[k-1].samples++
			} else {
				out = append(out, run{v, 1})
			}
		}
	}
}

func TestPCMQueueGapsAndOverlaps(t *testing.T) {
	us := time.Microsecond
	tests := []struct {
		name   string
		chunks []*media.AudioChunk
		want   []run
	}{
		{"contiguous", []*media.AudioChunk{chunk(0, 10*ms, 1), chunk(10*ms, 10*ms, 2)},
			[]run{{1, 480}, {2, 480}}},
		{"jitter of a sample snaps", []*media.AudioChunk{chunk(0, 10*ms, 1), chunk(10*ms+21*us, 10*ms, 2)},
			[]run{{1, 480}, {2, 480}}},
		{"gap becomes silence", []*media.AudioChunk{chunk(0, 10*ms, 1), chunk(20*ms, 10*ms, 2)},
			[]run{{1, 480}, {0, 480}, {2, 480}}},
		{"overlap is trimmed", []*media.AudioChunk{chunk(0, 10*ms, 1), chunk(5*ms, 10*ms, 2)},
			[]run{{1, 480}, {2, 240}}},
		{"chunk wholly before is dropped", []*media.AudioChunk{chunk(0, 20*ms, 1), chunk(5*ms, 10*ms, 2), chunk(20*ms, 5*ms, 3)},
			[]run{{1, 960}, {3, 240}}},
		{"start gap before first chunk", []*media.AudioChunk{chunk(5*ms, 5*ms, 4)},
			[]run{{0, 240}, {4, 240}}},
		{"before start trimmed", []*media.AudioChunk{chunk(-10*ms, 15*ms, 5)},
			[]run{{5, 240}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := newPCMQueue(nil)
			for _, c := range tt.chunks {
				q.push(c.PTS, c.PCM)
			}
			q.start(0)
			got := readAll(q)
			if len(got) != len(tt.want) {
				t.Fatalf("runs = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("runs = %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestPCMQueueBounds(t *testing.T) {
	q := newPCMQueue(nil)
	q.push(0, chunk(0, 100*ms, 1).PCM)
	q.start(0)
	// Video decoded only to 40 ms: reads stop there.
	q.setBounds(0, 40*ms, false, true, false)
	if got := q.Skip(time.Second); got != 40*ms {
		t.Fatalf("Skip with limit 40ms = %v", got)
	}
	// No limit: up to the end of the audio; then dry, not ended.
	q.setBounds(0, 0, false, false, false)
	if got := q.Skip(time.Second); got != 100*ms {
		t.Fatalf("Skip to end of audio = %v", got)
	}
	if n, _, ended := q.ReadPCM(make([]byte, 64)); n != 0 || ended {
		t.Fatalf("dry read = %d ended=%v, want 0 false", n, ended)
	}
	// Audio over, video goes on to 150 ms: silence up to it, then ended.
	q.setBounds(150*ms, 0, true, false, true)
	if got := q.availEnd(0); got != 150*ms {
		t.Fatalf("availEnd = %v, want 150ms", got)
	}
	if got := q.Skip(time.Second); got != 150*ms {
		t.Fatalf("Skip into fill = %v", got)
	}
	if n, _, ended := q.ReadPCM(make([]byte, 64)); n != 0 || !ended {
		t.Fatalf("read at end = %d ended=%v, want 0 true", n, ended)
	}
}

func TestSampleConversions(t *testing.T) {
	for _, s := range []int64{-48001, -1, 0, 1, 479, 480, 48000, 48_000*3600*30 + 17} {
		if got := toSamples(toDuration(s)); got != s {
			t.Errorf("toSamples(toDuration(%d)) = %d", s, got)
		}
	}
	if got := toSamples(20*ms + 10*time.Microsecond); got != 960 {
		t.Errorf("toSamples(20.01ms) = %d, want 960", got)
	}
}
