package main

import (
	"fmt"
	"slices"
	"time"
)

// median returns the median of xs (the mean of the middle two for an even
// count) and false for none.
func median[T int | int64 | time.Duration | float64](xs []T) (T, bool) {
	if len(xs) == 0 {
		var zero T
		return zero, false
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2], true
	}
	return (s[n/2-1] + s[n/2]) / 2, true
}

// playStats summarises the successful play runs of one player on one clip.
type playStats struct {
	OK, Runs     int
	CPUPerSec    float64 // player CPU seconds per second played (median)
	XCPUPerSec   float64 // X server CPU seconds per second played (median)
	MaxRSS       int64   // bytes (median of the per-run peaks)
	Dropped      int     // median
	DroppedMax   int     // worst run
	Played, Wall time.Duration
	Picture      string // on-screen size from the first successful run
	Errs         []error
}

func summarisePlay(ss []playSample) playStats {
	st := playStats{Runs: len(ss)}
	var cpu, xcpu []float64
	var rss []int64
	var drop []int
	var played, wall []time.Duration
	for _, s := range ss {
		if s.Err != nil {
			st.Errs = append(st.Errs, s.Err)
			continue
		}
		p := s.Report.Played.Seconds()
		if p <= 0 {
			st.Errs = append(st.Errs, fmt.Errorf("%w: played %v", ErrPlayer, s.Report.Played))
			continue
		}
		st.OK++
		cpu = append(cpu, s.CPU.Seconds()/p)
		xcpu = append(xcpu, s.XCPU.Seconds()/p)
		rss = append(rss, s.MaxRSS)
		drop = append(drop, s.Report.Dropped)
		played = append(played, s.Report.Played)
		wall = append(wall, s.Wall)
		st.DroppedMax = max(st.DroppedMax, s.Report.Dropped)
		if st.Picture == "" {
			st.Picture = s.Picture
		}
	}
	st.CPUPerSec, _ = median(cpu)
	st.XCPUPerSec, _ = median(xcpu)
	st.MaxRSS, _ = median(rss)
	st.Dropped, _ = median(drop)
	st.Played, _ = median(played)
	st.Wall, _ = median(wall)
	return st
}

// firstFrameStats summarises the time-to-first-frame runs of one player
// on one stream. Zero durations mean "not measured".
type firstFrameStats struct {
	OK, Runs         int
	Screen, Reported time.Duration // medians
	Picture          string        // "WxH" of the first picture on screen (first successful run), "" if none
	Errs             []error
}

func summariseFirstFrame(ss []firstFrameSample) firstFrameStats {
	st := firstFrameStats{Runs: len(ss)}
	var screen, rep []time.Duration
	for _, s := range ss {
		if s.Err != nil {
			st.Errs = append(st.Errs, s.Err)
			continue
		}
		st.OK++
		if s.Screen > 0 {
			screen = append(screen, s.Screen)
		}
		if st.Picture == "" && s.PictureW > 0 {
			st.Picture = fmt.Sprintf("%dx%d", s.PictureW, s.PictureH)
		}
		if s.Reported > 0 {
			rep = append(rep, s.Reported)
		}
	}
	st.Screen, _ = median(screen)
	st.Reported, _ = median(rep)
	return st
}
