package assets

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// ClipOptions select a single-file clip (for local-file playback and for
// benchmarks against other players).
type ClipOptions struct {
	// Height picks the ladder rung whose size, label and bitrate the clip
	// uses; default 1080.
	Height int
	// Duration of the clip; default 15 s.
	Duration time.Duration
	// FPS of the clip; default FrameRate (30).
	FPS int
	// CacheDir and Progress as in Options.
	CacheDir string
	Progress io.Writer
}

// EnsureClip returns the path of an MP4 (H.264 + AAC) clip with the same
// burned-in picture and beeps as the ladder, generating it if needed.
func EnsureClip(ctx context.Context, o ClipOptions) (string, error) {
	if o.Height == 0 {
		o.Height = 1080
	}
	if o.Duration == 0 {
		o.Duration = 15 * time.Second
	}
	if o.FPS == 0 {
		o.FPS = FrameRate
	}
	var rung *Rung
	for i := range Ladder {
		if Ladder[i].Height == o.Height {
			rung = &Ladder[i]
		}
	}
	if rung == nil || o.Duration < 0 || o.Duration > time.Hour || o.FPS < 1 || o.FPS > 120 {
		return "", fmt.Errorf("%w: clip %dp %v %d fps", ErrBadOptions, o.Height, o.Duration, o.FPS)
	}
	root, err := cacheRoot(o.CacheDir)
	if err != nil {
		return "", err
	}
	name := fmt.Sprintf("clip-%dp%d-%ds-v%d", o.Height, o.FPS, int(o.Duration.Seconds()), generatorVersion)
	dir, err := cached(ctx, root, name, func(tmp string) error {
		font, err := findFont()
		if err != nil {
			return err
		}
		p := newProgress(o.Progress, fmt.Sprintf("generating a %v %dp%d clip", o.Duration, o.Height, o.FPS))
		defer p.finish()
		args := clipArgs(font, filepath.Join(tmp, "clip.mp4"), *rung, o.Duration, o.FPS)
		return runFFmpeg(ctx, args, o.Duration, func(done time.Duration) { p.fraction(done.Seconds() / o.Duration.Seconds()) })
	})
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "clip.mp4")
	if _, err := os.Stat(path); err != nil {
		return "", err
	}
	return path, nil
}

func clipArgs(font, out string, r Rung, d time.Duration, fps int) []string {
	secs := strconv.FormatFloat(d.Seconds(), 'f', 3, 64)
	v := videoKbps(r) * fps / FrameRate
	gop := strconv.Itoa(fps * 2)
	args := []string{"-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-nostats", "-progress", "pipe:1",
		"-f", "lavfi", "-i", fmt.Sprintf("testsrc2=s=%dx%d:r=%d:d=%s", r.Width, r.Height, fps, secs),
		"-f", "lavfi", "-i", fmt.Sprintf("aevalsrc=%s:s=48000:c=stereo:d=%s", toneExpr, secs),
		"-filter_complex", fmt.Sprintf("[0:v]%s,%s,%s[v]", flashFilter, toYUV709(r.Width, r.Height), labelFilters(font, r)),
		"-map", "[v]", "-map", "1:a",
		"-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high",
		"-b:v", fmt.Sprintf("%dk", v), "-maxrate", fmt.Sprintf("%dk", v*3/2), "-bufsize", fmt.Sprintf("%dk", v*2),
		"-g", gop, "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", fmt.Sprintf("%dk", audioKbps),
		"-fflags", "+bitexact", "-flags", "+bitexact", "-movflags", "+faststart"}
	return append(append(args, colorTags...), out)
}
