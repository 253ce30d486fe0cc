package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Display numbers tried for Xvfb: below 10, because mpv treats :10 and up
// as a remote display and then gives up shared memory (DESIGN.md).
const (
	firstDisplay = 1
	lastDisplay  = 9
)

// xvfbStartTimeout bounds the wait for Xvfb's socket and framebuffer file.
const xvfbStartTimeout = 10 * time.Second

// xvfbPollInterval is how often the start-up wait looks for the socket.
const xvfbPollInterval = 20 * time.Millisecond

// clockTicksPerSecond is Linux's USER_HZ, the unit of utime/stime in
// /proc/<pid>/stat (100 on every mainstream architecture).
const clockTicksPerSecond = 100

// xvfb is a running virtual X server whose screen is a mapped file.
type xvfb struct {
	cmd     *exec.Cmd
	display string // ":N"
	fbDir   string
	fb      *framebuffer
	exited  chan struct{}
}

// startXvfb starts Xvfb on the first free display in 1..9 with a
// width x height x 24 screen kept in a file under tmp.
func startXvfb(ctx context.Context, tmp string, width, height int) (*xvfb, error) {
	for n := firstDisplay; n <= lastDisplay; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			continue
		}
		x, err := startXvfbOn(ctx, n, tmp, width, height)
		if err != nil {
			slog.Warn("xvfb did not start; trying the next display", "display", n, "err", err)
			continue
		}
		return x, nil
	}
	return nil, fmt.Errorf("%w: no free display in :%d..:%d", ErrXvfb, firstDisplay, lastDisplay)
}

func startXvfbOn(ctx context.Context, n int, tmp string, width, height int) (*xvfb, error) {
	x := &xvfb{display: ":" + strconv.Itoa(n), fbDir: filepath.Join(tmp, "fb"+strconv.Itoa(n)), exited: make(chan struct{})}
	if err := os.MkdirAll(x.fbDir, 0o755); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrXvfb, err)
	}
	// -br: black root, so an empty screen is black; -nolisten tcp: local only.
	x.cmd = exec.Command("Xvfb", x.display, "-screen", "0", fmt.Sprintf("%dx%dx24", width, height),
		"-fbdir", x.fbDir, "-nolisten", "tcp", "-br", "-noreset")
	var stderr strings.Builder
	x.cmd.Stderr = &stderr
	if err := x.cmd.Start(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrXvfb, err)
	}
	go func() { x.cmd.Wait(); close(x.exited) }()
	deadline := time.Now().Add(xvfbStartTimeout)
	sock := fmt.Sprintf("/tmp/.X11-unix/X%d", n)
	for {
		_, errSock := os.Stat(sock)
		if errSock == nil {
			fb, err := openFramebuffer(filepath.Join(x.fbDir, "Xvfb_screen0"))
			if err == nil {
				x.fb = fb
				return x, nil
			}
		}
		select {
		case <-x.exited:
			return nil, fmt.Errorf("%w: %s exited: %s", ErrXvfb, x.display, strings.TrimSpace(stderr.String()))
		case <-ctx.Done():
			x.Stop()
			return nil, ctx.Err()
		case <-time.After(xvfbPollInterval):
		}
		if time.Now().After(deadline) {
			x.Stop()
			return nil, fmt.Errorf("%w: %s not up after %v", ErrXvfb, x.display, xvfbStartTimeout)
		}
	}
}

// cpu returns the X server's user+system CPU time so far.
func (x *xvfb) cpu() (time.Duration, error) {
	return procCPU(x.cmd.Process.Pid)
}

// Stop ends the X server and unmaps its screen.
func (x *xvfb) Stop() {
	if x.fb != nil {
		x.fb.Close()
	}
	x.cmd.Process.Signal(os.Interrupt)
	select {
	case <-x.exited:
	case <-time.After(2 * time.Second):
		x.cmd.Process.Kill()
		<-x.exited
	}
}

// procCPU reads utime+stime of one process from /proc/<pid>/stat.
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	return parseProcStatCPU(string(b))
}

// parseProcStatCPU extracts utime+stime (fields 14 and 15) from the text
// of /proc/<pid>/stat; the command name (field 2) may hold spaces and
// parentheses, so fields are counted after its last ')'.
func parseProcStatCPU(stat string) (time.Duration, error) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, fmt.Errorf("proc stat: no command name in %q", stat)
	}
	f := strings.Fields(stat[i+1:])
	// f[0] is field 3 (state); utime is field 14, stime field 15.
	if len(f) < 13 {
		return 0, fmt.Errorf("proc stat: %d fields after the name", len(f))
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	s, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil || u < 0 || s < 0 {
		return 0, fmt.Errorf("proc stat: utime %q stime %q", f[11], f[12])
	}
	return time.Duration(u+s) * time.Second / clockTicksPerSecond, nil
}
