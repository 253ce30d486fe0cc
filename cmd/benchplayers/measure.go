package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// playTimeoutSlack is added to twice the clip length before a play run is
// declared hung: slow start-up on a loaded machine must not count as a hang.
const playTimeoutSlack = 30 * time.Second

// firstFrameTimeout bounds a time-to-first-frame run.
const firstFrameTimeout = 20 * time.Second

// screenPollInterval is how often the framebuffer is sampled while waiting
// for the first frame: the resolution of the on-screen measurement.
const screenPollInterval = 2 * time.Millisecond

// reportPollInterval is how often a player's own first-frame report is
// looked for (its time comes from the report itself, not from the poll).
const reportPollInterval = 10 * time.Millisecond

// clearScreenTimeout bounds the wait for the previous run's window to go.
const clearScreenTimeout = 5 * time.Second

// pictureSizeAt is when a play run's picture size is read (or half-way
// through a shorter clip): well after start-up, a single read of ~1 ms so
// the bench does not compete with the player.
const pictureSizeAt = 3 * time.Second

// playSample is one play run of a player on a clip.
type playSample struct {
	CPU    time.Duration // user+system of the player process
	XCPU   time.Duration // user+system of the X server during the run
	MaxRSS int64         // bytes, peak resident set of the player process
	Wall   time.Duration // process start → exit
	Report selfReport
	// Picture is the video's size on screen ("WxH", ±4 px) pictureSizeAt
	// into the run; "" for headless players or when none was seen.
	Picture string
	Err     error
}

// firstFrameSample is one time-to-first-frame run on a loopback URL.
type firstFrameSample struct {
	Screen   time.Duration // process start → test picture in the framebuffer; 0 = not a window player
	Reported time.Duration // process start → first frame as the player reports it; 0 = not reported
	// PictureW, PictureH: the first picture's size on screen (±4 px); 0
	// when not a window player.
	PictureW, PictureH int
	Err                error
}

// runner runs players on one X server.
type runner struct {
	x   *xvfb
	tmp string
	seq int
}

// eventsPath returns a fresh events-file path for one run.
func (r *runner) eventsPath() string {
	r.seq++
	return filepath.Join(r.tmp, fmt.Sprintf("events-%03d.jsonl", r.seq))
}

// waitClearScreen waits until no test picture is on screen, so that one
// run's window cannot be taken for the next run's first frame.
func (r *runner) waitClearScreen() error {
	deadline := time.Now().Add(clearScreenTimeout)
	for r.x.fb.pictureShown() {
		if time.Now().After(deadline) {
			return fmt.Errorf("%w: a picture is still on screen %v after the last run", ErrXvfb, clearScreenTimeout)
		}
		time.Sleep(screenPollInterval)
	}
	return nil
}

// play runs p on input to the end and measures it.
func (r *runner) play(p player, input string, clipLen time.Duration) playSample {
	if err := r.waitClearScreen(); err != nil {
		return playSample{Err: err}
	}
	events := r.eventsPath()
	x0, errX0 := r.x.cpu()
	pr, err := startProc(p.args(input, events), p.env, r.x.display, events)
	if err != nil {
		return playSample{Err: err}
	}
	var size string
	select {
	case <-pr.done:
	case <-time.After(min(pictureSizeAt, clipLen/2)):
		if p.Window {
			if w, h := r.x.fb.pictureSize(); w > 0 {
				size = fmt.Sprintf("%dx%d", w, h)
			}
		}
	}
	waitErr := pr.wait(2*clipLen + playTimeoutSlack)
	x1, errX1 := r.x.cpu()
	s := playSample{Wall: pr.end.Sub(pr.start), Picture: size, Err: waitErr}
	if errX0 == nil && errX1 == nil {
		s.XCPU = x1 - x0
	}
	cpu, rss, ok := pr.usage()
	if !ok && s.Err == nil {
		s.Err = fmt.Errorf("%w: no resource usage for %s", ErrPlayer, p.Name)
	}
	s.CPU, s.MaxRSS = cpu, rss
	rep, err := p.report(pr.output())
	s.Report = rep
	if s.Err == nil && err != nil {
		s.Err = err
	}
	if s.Err == nil && !rep.HasEnd {
		s.Err = fmt.Errorf("%w: %s reported no played time or drops", ErrPlayer, p.Name)
	}
	if s.Err != nil {
		s.Err = fmt.Errorf("%s on %s: %w%s", p.Name, filepath.Base(input), s.Err, stderrHint(pr.output().Stderr))
	}
	return s
}

// firstFrame starts p on url and measures process start → first frame:
// on screen for window players (the framebuffer, polled every
// screenPollInterval) and as the player reports it, when it does. The
// player is stopped once both are known.
func (r *runner) firstFrame(p player, url string) firstFrameSample {
	if err := r.waitClearScreen(); err != nil {
		return firstFrameSample{Err: err}
	}
	events := r.eventsPath()
	pr, err := startProc(p.args(url, events), p.env, r.x.display, events)
	if err != nil {
		return firstFrameSample{Err: err}
	}
	defer pr.stop()
	var s firstFrameSample
	deadline := pr.start.Add(firstFrameTimeout)
	var nextReport time.Time
	missing := func() bool {
		return (p.Window && s.Screen == 0) || (p.reportsFirstFrame && s.Reported == 0)
	}
	for missing() {
		now := time.Now()
		if p.Window && s.Screen == 0 && r.x.fb.pictureShown() {
			s.Screen = now.Sub(pr.start)
			s.PictureW, s.PictureH = r.x.fb.pictureSize()
		}
		if p.reportsFirstFrame && s.Reported == 0 && !now.Before(nextReport) {
			if rep, _ := p.report(pr.output()); rep.FirstFrame > 0 {
				s.Reported = rep.FirstFrame
			}
			nextReport = now.Add(reportPollInterval)
		}
		if !missing() {
			break
		}
		select {
		case <-pr.done:
			if rep, _ := p.report(pr.output()); rep.FirstFrame > 0 && s.Reported == 0 {
				s.Reported = rep.FirstFrame
			}
			if missing() {
				s.Err = fmt.Errorf("%s on %s: %w: it exited (%v)%s", p.Name, url, ErrNoFirstFrame, pr.err, stderrHint(pr.output().Stderr))
			}
			return s
		default:
		}
		if now.After(deadline) {
			s.Err = fmt.Errorf("%s on %s: %w within %v%s", p.Name, url, ErrNoFirstFrame, firstFrameTimeout, stderrHint(pr.output().Stderr))
			return s
		}
		time.Sleep(screenPollInterval)
	}
	return s
}

// stderrHint returns the last line of a player's stderr for an error message.
func stderrHint(stderr []byte) string {
	lines := strings.FieldsFunc(string(stderr), func(r rune) bool { return r == '\r' || r == '\n' })
	if len(lines) == 0 {
		return ""
	}
	return ": " + strings.TrimSpace(lines[len(lines)-1])
}
