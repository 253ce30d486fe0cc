package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"smartplay/assets"
)

// Content is what every player plays: one local MP4 clip per height and
// the built-in HLS ladder (served on loopback for time to first frame).
type Content struct {
	// Clips maps a height (1080, 720) to the path of its MP4 clip.
	Clips map[int]string
	// LadderDir holds master.m3u8 and one <height>p/stream.m3u8 per rung.
	LadderDir string
}

// MediaPlaylist is the path, relative to LadderDir, of one rung's media
// playlist (e.g. "1080p/stream.m3u8").
func MediaPlaylist(height int) string {
	return fmt.Sprintf("%dp/stream.m3u8", height)
}

// ensureContent generates (or finds in the cache) the clips and ladder.
func ensureContent(ctx context.Context, heights []int, clipDur time.Duration, progress io.Writer) (Content, error) {
	c := Content{Clips: map[int]string{}}
	for _, h := range heights {
		p, err := assets.EnsureClip(ctx, assets.ClipOptions{Height: h, Duration: clipDur, Progress: progress})
		if err != nil {
			return Content{}, fmt.Errorf("%w: %dp clip: %w", ErrContent, h, err)
		}
		c.Clips[h] = p
	}
	dir, err := assets.Ensure(ctx, assets.Options{Progress: progress})
	if err != nil {
		return Content{}, fmt.Errorf("%w: ladder: %w", ErrContent, err)
	}
	c.LadderDir = dir
	return c, nil
}

// printPaths writes one "name path" line per piece of content.
func printPaths(w io.Writer, c Content, heights []int) {
	for _, h := range heights {
		fmt.Fprintf(w, "clip%dp %s\n", h, c.Clips[h])
	}
	fmt.Fprintf(w, "master %s\n", filepath.Join(c.LadderDir, "master.m3u8"))
	for _, h := range heights {
		fmt.Fprintf(w, "hls%dp %s\n", h, filepath.Join(c.LadderDir, MediaPlaylist(h)))
	}
}
