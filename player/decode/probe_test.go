package decode

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestProbeFile(t *testing.T) {
	info, err := ProbeFile(context.Background(), clip(t, 360, 10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if !info.HasVideo || !info.HasAudio || info.Width != 640 || info.Height != 360 ||
		info.VideoCodec != "h264" || info.AudioCodec != "aac" || !within(info.Duration, 10*time.Second, 50*time.Millisecond) {
		t.Errorf("info %+v", info)
	}
	junk := filepath.Join(t.TempDir(), "junk.mp4")
	if err := os.WriteFile(junk, []byte("not a media file at all, just some text"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ProbeFile(context.Background(), junk); !errors.Is(err, ErrOpenInput) {
		t.Errorf("junk: err = %v, want ErrOpenInput", err)
	}
}
