package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestPeersUnderXvfb runs the real measurement path end to end: a private
// Xvfb, a 2 s clip played by ffplay and mpv (--vo=x11), and time to first
// frame from an HLS playlist on a loopback server.
func TestPeersUnderXvfb(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Xvfb and real players")
	}
	for _, bin := range []string{"Xvfb", "ffmpeg", "ffplay", "mpv"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Skipf("%s not installed", bin)
		}
	}
	tmp := t.TempDir()
	const clipLen = 2 * time.Second
	clip := filepath.Join(tmp, "clip.mp4")
	hls := filepath.Join(tmp, "hls")
	if err := os.Mkdir(hls, 0o755); err != nil {
		t.Fatal(err)
	}
	gen := exec.Command("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin",
		"-f", "lavfi", "-i", "testsrc2=s=320x240:r=30:d=2", "-f", "lavfi", "-i", "sine=f=440:r=48000:d=2",
		"-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "2", clip)
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg clip: %v: %s", err, out)
	}
	seg := exec.Command("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-i", clip, "-c", "copy",
		"-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod", filepath.Join(hls, "stream.m3u8"))
	if out, err := seg.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg hls: %v: %s", err, out)
	}
	// A small screen, so the 320x240 picture covers a third of it.
	x, err := startXvfb(context.Background(), tmp, 640, 360)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Stop()
	base, stop, err := serveDir(hls)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	lua, err := writeLua(tmp)
	if err != nil {
		t.Fatal(err)
	}
	xdg := filepath.Join(tmp, "xdg")
	if err := os.Mkdir(xdg, 0o700); err != nil {
		t.Fatal(err)
	}
	players, err := selectPlayers(allPlayers(benchSetup{LuaPath: lua, XDGDir: xdg}), []string{"ffplay", "mpv-x11"})
	if err != nil {
		t.Fatal(err)
	}
	rn := &runner{x: x, tmp: tmp}
	for _, p := range players {
		s := rn.play(p, clip, clipLen)
		if s.Err != nil {
			t.Fatalf("%s play: %v", p.Name, s.Err)
		}
		if s.Report.Played < 1500*time.Millisecond || s.Report.Played > 2100*time.Millisecond {
			t.Errorf("%s played %v of a 2 s clip", p.Name, s.Report.Played)
		}
		if s.CPU <= 0 || s.MaxRSS < 10<<20 || s.Wall < 1500*time.Millisecond || s.XCPU < 0 {
			t.Errorf("%s: cpu %v, rss %d, wall %v, xcpu %v", p.Name, s.CPU, s.MaxRSS, s.Wall, s.XCPU)
		}
		f := rn.firstFrame(p, base+"stream.m3u8")
		if f.Err != nil {
			t.Fatalf("%s first frame: %v", p.Name, f.Err)
		}
		if f.Screen <= 0 || f.Screen > firstFrameTimeout {
			t.Errorf("%s: first frame on screen after %v", p.Name, f.Screen)
		}
		// The 320x240 picture, drawn 1:1 (ffplay may draw it first into
		// its default 640x480 window before the stream's size is known).
		if s.Picture != "320x240" {
			t.Errorf("%s: picture during playback %q, want 320x240", p.Name, s.Picture)
		}
		if f.PictureW < 316 || f.PictureH < 236 {
			t.Errorf("%s: first picture %dx%d, want at least 320x240", p.Name, f.PictureW, f.PictureH)
		}
		if p.reportsFirstFrame != (f.Reported > 0) {
			t.Errorf("%s: reported first frame %v", p.Name, f.Reported)
		}
		t.Logf("%s: cpu %v xcpu %v rss %d MiB dropped %d played %v picture %s; first frame screen %v reported %v picture %dx%d",
			p.Name, s.CPU, s.XCPU, s.MaxRSS>>20, s.Report.Dropped, s.Report.Played, s.Picture, f.Screen, f.Reported, f.PictureW, f.PictureH)
	}
	// The screen is clear again once the last player is gone.
	if err := rn.waitClearScreen(); err != nil {
		t.Fatal(err)
	}
}
