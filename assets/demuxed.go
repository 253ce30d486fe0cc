package assets

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Demuxed-audio stream: video renditions without audio and the audio as a
// separate rendition (EXT-X-MEDIA), as CMAF packagers and Apple's examples
// lay them out. Its audio segments are deliberately not aligned with the
// video ones, and the audio exists twice, in a main and a backup group.
const (
	// DemuxedDuration is the stream's length: four video segments.
	DemuxedDuration = 8 * time.Second
	// DemuxedVideoSegment and DemuxedAudioSegment are the segment targets:
	// 2 s video (one GOP), ~3 s audio (AAC frames make it 3.008 s), so
	// audio segments straddle video boundaries.
	DemuxedVideoSegment = 2 * time.Second
	DemuxedAudioSegment = 3 * time.Second
	// demuxedVersion is part of the cache key (bump on any change).
	demuxedVersion = 2
)

// DemuxedRungs are the two video renditions (directories v180, v360).
var DemuxedRungs = []Rung{{320, 180, 300, "0d"}, {640, 360, 750, "1e"}}

// Demuxed audio renditions: the same English audio in two groups; the
// variants name the main group, the backup is its redundant copy.
const (
	DemuxedMainGroup   = "aud-main"
	DemuxedBackupGroup = "aud-backup"
	// DemuxedMainDir and DemuxedBackupDir hold each group's stream.m3u8.
	DemuxedMainDir   = "audio-main"
	DemuxedBackupDir = "audio-backup"
)

// DemuxedOptions select the demuxed stream EnsureDemuxed returns.
type DemuxedOptions struct {
	// Format of the segments (video and audio); default TS.
	Format Format
	// CacheDir as in Options.
	CacheDir string
}

// EnsureDemuxed returns the directory of the demuxed-audio stream
// (generated in a few seconds on first use, then cached): master.m3u8,
// v180/ and v360/ (video only), audio-main/ and audio-backup/ (AAC 48 kHz
// stereo, the ladder's tone with a beep each second).
func EnsureDemuxed(ctx context.Context, o DemuxedOptions) (string, error) {
	format := o.Format
	if format == "" {
		format = TS
	}
	if format != TS && format != FMP4 {
		return "", fmt.Errorf("%w: format %q (want ts or fmp4)", ErrBadOptions, format)
	}
	root, err := cacheRoot(o.CacheDir)
	if err != nil {
		return "", err
	}
	name := fmt.Sprintf("demuxed-%s-v%d", format, demuxedVersion)
	return cached(ctx, root, name, func(tmp string) error {
		for _, d := range []string{"v180", "v360", DemuxedMainDir, DemuxedBackupDir} {
			if err := os.MkdirAll(filepath.Join(tmp, d), 0o755); err != nil {
				return err
			}
		}
		if err := runFFmpeg(ctx, demuxedArgs(tmp, format), 0, nil); err != nil {
			return fmt.Errorf("generate demuxed stream: %w", err)
		}
		if err := copyDir(filepath.Join(tmp, DemuxedMainDir), filepath.Join(tmp, DemuxedBackupDir)); err != nil {
			return err
		}
		return writeDemuxedMaster(tmp, format)
	})
}

// demuxedArgs is one ffmpeg run: the two video renditions and the audio,
// each its own HLS output, from one encode (so they share timestamps).
func demuxedArgs(dir string, format Format) []string {
	secs := strconv.FormatFloat(DemuxedDuration.Seconds(), 'f', 3, 64)
	ext, extra := "ts", []string{}
	if format == FMP4 {
		ext, extra = "m4s", []string{"-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4"}
	}
	hls := func(sub string, seg time.Duration) []string {
		a := []string{"-fflags", "+bitexact", "-f", "hls", "-hls_time", strconv.Itoa(int(seg.Seconds())), "-hls_playlist_type", "vod"}
		a = append(a, extra...)
		return append(a, "-hls_segment_filename", filepath.Join(dir, sub, "seg_%03d."+ext), filepath.Join(dir, sub, "stream.m3u8"))
	}
	var fc strings.Builder
	fmt.Fprintf(&fc, "[0:v]%s,split=%d", flashFilter, len(DemuxedRungs))
	for i := range DemuxedRungs {
		fmt.Fprintf(&fc, "[s%d]", i)
	}
	for i, r := range DemuxedRungs {
		fmt.Fprintf(&fc, ";[s%d]%s[v%d]", i, toYUV709(r.Width, r.Height), i)
	}
	top := DemuxedRungs[len(DemuxedRungs)-1]
	args := []string{"-hide_banner", "-nostdin", "-loglevel", "error", "-y",
		"-f", "lavfi", "-i", fmt.Sprintf("testsrc2=s=%dx%d:r=%d:d=%s", top.Width, top.Height, FrameRate, secs),
		"-f", "lavfi", "-i", fmt.Sprintf("aevalsrc=%s:s=48000:c=stereo:d=%s", toneExpr, secs),
		"-filter_complex", fc.String()}
	gop := strconv.Itoa(int(DemuxedVideoSegment.Seconds()) * FrameRate)
	for i, r := range DemuxedRungs {
		v := videoKbps(r)
		args = append(args, "-map", fmt.Sprintf("[v%d]", i), "-an",
			"-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-level:v", levelDotted(r.Level),
			"-b:v", fmt.Sprintf("%dk", v), "-g", gop, "-keyint_min", gop, "-sc_threshold", "0", "-pix_fmt", "yuv420p",
			// No B-frames: their reorder delay would shift each video-only
			// output's timestamps ahead of the audio output's (one mux
			// shifts all its streams alike; separate ones do not).
			"-bf", "0")
		args = append(args, colorTags...)
		args = append(args, hls(fmt.Sprintf("v%d", r.Height), DemuxedVideoSegment)...)
	}
	args = append(args, "-map", "1:a", "-vn", "-c:a", "aac", "-b:a", fmt.Sprintf("%dk", audioKbps), "-ar", "48000", "-ac", "2")
	return append(args, hls(DemuxedMainDir, DemuxedAudioSegment)...)
}

// writeDemuxedMaster writes master.m3u8: both audio groups (English, the
// main one DEFAULT) and the two video variants naming the main group.
func writeDemuxedMaster(dir string, format Format) error {
	var b strings.Builder
	version := 4
	if format == FMP4 {
		version = 7
	}
	fmt.Fprintf(&b, "#EXTM3U\n#EXT-X-VERSION:%d\n#EXT-X-INDEPENDENT-SEGMENTS\n", version)
	for _, g := range []struct{ group, sub string }{{DemuxedMainGroup, DemuxedMainDir}, {DemuxedBackupGroup, DemuxedBackupDir}} {
		fmt.Fprintf(&b, "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"%s\",NAME=\"English\",LANGUAGE=\"en\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\",URI=\"%s/stream.m3u8\"\n",
			g.group, g.sub)
	}
	audio, err := measure(filepath.Join(dir, DemuxedMainDir, "stream.m3u8"))
	if err != nil {
		return err
	}
	for _, r := range DemuxedRungs {
		sub := fmt.Sprintf("v%d", r.Height)
		st, err := measure(filepath.Join(dir, sub, "stream.m3u8"))
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "#EXT-X-STREAM-INF:BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d,RESOLUTION=%dx%d,CODECS=\"%s\",FRAME-RATE=%d.000,AUDIO=\"%s\"\n%s/stream.m3u8\n",
			st.peakBps+audio.peakBps, st.avgBps+audio.avgBps, r.Width, r.Height, r.Codecs(), FrameRate, DemuxedMainGroup, sub)
	}
	return os.WriteFile(filepath.Join(dir, "master.m3u8"), []byte(b.String()), 0o644)
}

// copyDir copies the regular files of src into dst (flat).
func copyDir(src, dst string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
