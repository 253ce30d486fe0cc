package decode

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"smartplay/player/media"
)

// lockedBuffer is a concurrency-safe log sink (FFmpeg logs from its
// threads).
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestFFmpegLogsGoToSlog(t *testing.T) {
	var buf lockedBuffer
	SetFFmpegLogger(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	defer SetFFmpegLogger(nil)
	d := New(Options{})
	defer d.Close()
	seg := &media.Segment{Data: []byte("#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://example.com/a.ts\n")}
	if err := d.Decode(context.Background(), seg, &collector{}); err == nil {
		t.Fatal("a playlist decoded as a segment")
	}
	if out := buf.String(); !strings.Contains(out, "level=WARN") || !strings.Contains(out, "ffmpeg: Format not on whitelist") {
		t.Errorf("FFmpeg's refusal not logged through slog; got %q", out)
	}
}
