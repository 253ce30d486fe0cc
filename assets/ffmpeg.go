package assets

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// fontCandidates are fonts drawtext may use; Debian's fonts-dejavu-core
// ships the first.
var fontCandidates = []string{
	"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
}

func findFont() (string, error) {
	for _, f := range fontCandidates {
		if _, err := os.Stat(f); err == nil {
			return f, nil
		}
	}
	return "", fmt.Errorf("%w: none of %s (install fonts-dejavu-core)", ErrNoFont, strings.Join(fontCandidates, ", "))
}

// flashFilter draws the white flash: a box on the right of the picture for
// the first 100 ms of every second, when the beep sounds.
const flashFilter = "drawbox=x=iw*3/4:y=ih*3/8:w=iw/5:h=ih/4:color=white:t=fill:enable='lt(mod(t\\,1)\\,0.1)'"

// toneExpr is a quiet 330 Hz tone with a loud 1 kHz beep during the first
// 100 ms of every second.
const toneExpr = "0.15*sin(2*PI*330*t)+if(lt(mod(t\\,1)\\,0.1)\\,0.5*sin(2*PI*1000*t)\\,0)"

// labelFilters burns the rung label (top) and timecode + frame number
// (bottom) into a picture of the rung's size.
func labelFilters(font string, r Rung) string {
	big, small := r.Height/9, r.Height/18
	text := func(txt string, size int, y string) string {
		return fmt.Sprintf("drawtext=fontfile=%s:text='%s':fontsize=%d:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=%d:x=(w-tw)/2:y=%s",
			font, txt, size, max(size/6, 1), y)
	}
	return text(r.Label(), big, "h/12") + "," + text("%{pts\\:hms}  frame %{frame_num}", small, "h-th-h/12")
}

// ladderArgs is one ffmpeg run rendering the whole TS ladder: one source,
// split to every rung, each encoded and segmented into its own directory.
func ladderArgs(font, dir string, d time.Duration) []string {
	secs := strconv.FormatFloat(d.Seconds(), 'f', 3, 64)
	n := len(Ladder)
	var fc strings.Builder
	fmt.Fprintf(&fc, "[0:v]%s,split=%d", flashFilter, n)
	for i := range Ladder {
		fmt.Fprintf(&fc, "[s%d]", i)
	}
	fmt.Fprintf(&fc, ";[1:a]asplit=%d", n)
	for i := range Ladder {
		fmt.Fprintf(&fc, "[a%d]", i)
	}
	for i, r := range Ladder {
		fmt.Fprintf(&fc, ";[s%d]%s,%s[v%d]", i, toYUV709(r.Width, r.Height), labelFilters(font, r), i)
	}
	top := Ladder[len(Ladder)-1]
	args := []string{"-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-nostats", "-progress", "pipe:1",
		"-f", "lavfi", "-i", fmt.Sprintf("testsrc2=s=%dx%d:r=%d:d=%s", top.Width, top.Height, FrameRate, secs),
		"-f", "lavfi", "-i", fmt.Sprintf("aevalsrc=%s:s=48000:c=stereo:d=%s", toneExpr, secs),
		"-filter_complex", fc.String()}
	gop := strconv.Itoa(int(SegmentDuration.Seconds()) * FrameRate)
	for i, r := range Ladder {
		v := videoKbps(r)
		sub := filepath.Join(dir, r.Name())
		args = append(args,
			"-map", fmt.Sprintf("[v%d]", i), "-map", fmt.Sprintf("[a%d]", i),
			"-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-level:v", levelDotted(r.Level),
			"-b:v", fmt.Sprintf("%dk", v), "-maxrate", fmt.Sprintf("%dk", v*3/2), "-bufsize", fmt.Sprintf("%dk", v*2),
			"-g", gop, "-keyint_min", gop, "-sc_threshold", "0", "-pix_fmt", "yuv420p")
		args = append(args, colorTags...)
		args = append(args,
			"-c:a", "aac", "-b:a", fmt.Sprintf("%dk", audioKbps), "-ar", "48000", "-ac", "2",
			"-fflags", "+bitexact", "-flags", "+bitexact",
			"-f", "hls", "-hls_time", strconv.Itoa(int(SegmentDuration.Seconds())), "-hls_playlist_type", "vod",
			"-hls_segment_filename", filepath.Join(sub, "seg_%03d.ts"), filepath.Join(sub, "stream.m3u8"))
	}
	return args
}

// fmp4Args remuxes one TS rendition into fMP4 segments at the same cut
// points (the keyframes every 10 s), without re-encoding.
func fmp4Args(tsPlaylist, outDir string) []string {
	return []string{"-hide_banner", "-nostdin", "-loglevel", "error", "-y",
		"-allowed_extensions", "ALL", "-i", tsPlaylist, "-c", "copy", "-bsf:a", "aac_adtstoasc", "-fflags", "+bitexact",
		"-f", "hls", "-hls_time", strconv.Itoa(int(SegmentDuration.Seconds())), "-hls_playlist_type", "vod",
		"-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4",
		"-hls_segment_filename", filepath.Join(outDir, "seg_%03d.m4s"), filepath.Join(outDir, "stream.m3u8")}
}

// toYUV709 scales to w×h and converts to limited-range YUV 4:2:0 with the
// BT.709 matrix, which colorTags then declare: every rung, SD included,
// as streaming services do, so a player that reads the tags shows the same
// colours at every rung (untagged, SD and HD would be guessed differently).
func toYUV709(w, h int) string {
	return fmt.Sprintf("scale=%d:%d:out_color_matrix=bt709:out_range=tv,format=yuv420p", w, h)
}

// colorTags declare BT.709 in the H.264 VUI.
var colorTags = []string{"-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv"}

// levelDotted turns a hex level_idc ("1f") into x264's notation ("3.1").
func levelDotted(hex string) string {
	v, _ := strconv.ParseInt(hex, 16, 0)
	return fmt.Sprintf("%d.%d", v/10, v%10)
}

// runFFmpeg runs ffmpeg with args. When total > 0 it reads ffmpeg's
// -progress output and reports the share done through report.
func runFFmpeg(ctx context.Context, args []string, total time.Duration, report func(done time.Duration)) error {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		return fmt.Errorf("%w: %v (install the ffmpeg package)", ErrNoFFmpeg, err)
	}
	cmd := exec.CommandContext(ctx, "ffmpeg", args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("%w: %v", ErrNoFFmpeg, err)
	}
	readProgress(out, total, report)
	if err := cmd.Wait(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%w: %v: %s", ErrFFmpegFailed, err, strings.TrimSpace(lastLines(stderr.String(), 5)))
	}
	return nil
}

func readProgress(r io.Reader, total time.Duration, report func(time.Duration)) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if !ok || k != "out_time_us" || report == nil || total <= 0 {
			continue
		}
		if us, err := strconv.ParseInt(v, 10, 64); err == nil && us >= 0 {
			report(min(time.Duration(us)*time.Microsecond, total))
		}
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}
