package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// runKey names the runs of one player on one height.
type runKey struct {
	Player string
	Height int
}

// results is everything one bench run measured.
type results struct {
	Facts    machineFacts
	Command  string // how the bench was started
	Started  time.Time
	Took     time.Duration
	Reps     int
	ClipLen  time.Duration
	Heights  []int
	Players  []player
	Setup    benchSetup
	Play     map[runKey][]playSample
	First    map[runKey][]firstFrameSample
	BaseURL  string // the loopback server, for the table titles
	Warnings []string
}

// mib formats bytes as MiB.
func mib(b int64) string { return fmt.Sprintf("%.0f", float64(b)/(1<<20)) }

// sec formats a duration in seconds with ms resolution, "–" for none.
func sec(d time.Duration) string {
	if d <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.3f", d.Seconds())
}

// writeMarkdown writes the results block of BENCHMARKS.md.
func (r *results) writeMarkdown(w io.Writer) {
	f := r.Facts
	fmt.Fprintf(w, "## Last run: %s UTC (took %.1f min)\n\n", r.Started.UTC().Format("2006-01-02 15:04"), r.Took.Minutes())
	fmt.Fprintf(w, "Command: `%s`\n\n", r.Command)
	fmt.Fprintf(w, "Machine: %d CPUs (`nproc`), %s, %s RAM, kernel %s, Debian %s, %s. ", f.CPUs, f.CPUModel, f.MemTotal, f.Kernel, f.Debian, f.Go)
	fmt.Fprintf(w, "Packages: %s. ", strings.Join(f.Packages, ", "))
	fmt.Fprintf(w, "smartplay built from %s. ", f.Source)
	fmt.Fprintf(w, "Load average (1, 5, 15 min) before the first run: %s; after the last: %s.\n\n", f.LoadStart, f.LoadEnd)
	for _, h := range r.Heights {
		fmt.Fprintf(w, "### %dp30 clip, %.0f s, played to the end (medians of %d runs)\n\n", h, r.ClipLen.Seconds(), r.Reps)
		fmt.Fprintln(w, "| player | CPU s per s played | Xvfb CPU s per s | player + Xvfb | peak RSS MiB | dropped frames (worst run) | played s | wall s | picture px | runs ok |")
		fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
		for _, p := range r.Players {
			st := summarisePlay(r.Play[runKey{p.Name, h}])
			if st.OK == 0 {
				fmt.Fprintf(w, "| %s | failed | | | | | | | | 0/%d |\n", p.Name, st.Runs)
				continue
			}
			pic := st.Picture
			if pic == "" {
				pic = "–"
			}
			fmt.Fprintf(w, "| %s | %.3f | %.3f | %.3f | %s | %d (%d) | %.2f | %.2f | %s | %d/%d |\n", p.Name,
				st.CPUPerSec, st.XCPUPerSec, st.CPUPerSec+st.XCPUPerSec, mib(st.MaxRSS), st.Dropped, st.DroppedMax,
				st.Played.Seconds(), st.Wall.Seconds(), pic, st.OK, st.Runs)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "### Time to first frame from %s (seconds from process start, medians of %d runs)\n\n", r.BaseURL+"<rung>/stream.m3u8", r.Reps)
	head, rule := "| player |", "| --- |"
	for _, h := range r.Heights {
		head += fmt.Sprintf(" %dp on screen | %dp reported | %dp picture px |", h, h, h)
		rule += " ---: | ---: | ---: |"
	}
	fmt.Fprintln(w, head+" runs ok |")
	fmt.Fprintln(w, rule+" ---: |")
	for _, p := range r.Players {
		row, ok, runs := "| "+p.Name+" |", 0, 0
		for _, h := range r.Heights {
			st := summariseFirstFrame(r.First[runKey{p.Name, h}])
			pic := st.Picture
			if pic == "" {
				pic = "–"
			}
			row += fmt.Sprintf(" %s | %s | %s |", sec(st.Screen), sec(st.Reported), pic)
			ok, runs = ok+st.OK, runs+st.Runs
		}
		fmt.Fprintf(w, "%s %d/%d |\n", row, ok, runs)
	}
	fmt.Fprintln(w)
	r.writeGoal(w)
	r.writeCommands(w)
	r.writeFailures(w)
}

// goalPlayer is the mpv the goal is judged against: `mpv FILE` as Debian
// installs it, with no options (on a machine without a GPU it picks its
// SDL output). The other mpv outputs are listed for reference.
const goalPlayer = "mpv-default"

// writeGoal compares smartplay (window) with mpv: CPU (player + X server,
// the whole cost of drawing), peak RSS, and dropped frames at 1080p.
func (r *results) writeGoal(w io.Writer) {
	fmt.Fprintln(w, "### Goal: no more CPU and memory than mpv, zero dropped frames at 1080p30")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Judged against %s (`mpv FILE`, no options); the other mpv outputs for reference.\n\n", goalPlayer)
	verdict := func(ok bool) string {
		if ok {
			return "meets"
		}
		return "**misses**"
	}
	compare := func(ok bool) string {
		if ok {
			return "not more"
		}
		return "more"
	}
	any := false
	for _, h := range r.Heights {
		sp := summarisePlay(r.Play[runKey{"smartplay", h}])
		if sp.OK == 0 {
			continue
		}
		for _, p := range r.Players {
			if !strings.HasPrefix(p.Name, "mpv") {
				continue
			}
			mp := summarisePlay(r.Play[runKey{p.Name, h}])
			if mp.OK == 0 {
				continue
			}
			any = true
			a, b := sp.CPUPerSec+sp.XCPUPerSec, mp.CPUPerSec+mp.XCPUPerSec
			note := ""
			if sp.Picture != mp.Picture {
				note = fmt.Sprintf(" (pictures differ: smartplay draws %s, %s %s)", sp.Picture, p.Name, mp.Picture)
			}
			judge, lead := verdict, "- "
			if p.Name != goalPlayer {
				judge, lead = compare, "- for reference, "
			}
			fmt.Fprintf(w, "%s%dp, smartplay vs %s: CPU %.3f vs %.3f s/s with Xvfb (%.3f vs %.3f without): %s%s; peak RSS %s vs %s MiB: %s.\n",
				lead, h, p.Name, a, b, sp.CPUPerSec, mp.CPUPerSec, judge(a <= b), note, mib(sp.MaxRSS), mib(mp.MaxRSS), judge(sp.MaxRSS <= mp.MaxRSS))
		}
		if h == 1080 {
			any = true
			fmt.Fprintf(w, "- 1080p, smartplay dropped frames: median %d, worst run %d: %s.\n", sp.Dropped, sp.DroppedMax, verdict(sp.DroppedMax == 0))
		}
	}
	if !any {
		fmt.Fprintln(w, "- not judged: smartplay (window) or mpv has no successful run.")
	}
	fmt.Fprintln(w)
}

// writeCommands lists each player's exact command line.
func (r *results) writeCommands(w io.Writer) {
	fmt.Fprintln(w, "### Player commands")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Each runs with `DISPLAY=:N` (Xvfb, %dx%dx24) plus the environment shown; `<input>` is the clip's path (playback) or the loopback URL (first frame); `<tmp>` is the bench's temporary directory (mpv_bench.lua is cmd/benchplayers/mpv_bench.lua).\n\n", screenWidthPx, screenHeightPx)
	shown := allPlayers(benchSetup{Smartplay: r.Setup.Smartplay, LuaPath: "<tmp>/mpv_bench.lua", XDGDir: "<tmp>/xdg"})
	for _, p := range shown {
		if !r.ran(p.Name) {
			continue
		}
		env := strings.Join(p.env, " ")
		if env != "" {
			env += " "
		}
		fmt.Fprintf(w, "- %s: `%s%s`\n", p.Name, env, strings.Join(p.args("<input>", "<events>"), " "))
	}
	fmt.Fprintln(w)
}

// ran reports whether the player was part of the run.
func (r *results) ran(name string) bool {
	for _, p := range r.Players {
		if p.Name == name {
			return true
		}
	}
	return false
}

// writeFailures lists every failed run with its error.
func (r *results) writeFailures(w io.Writer) {
	var lines []string
	for _, h := range r.Heights {
		for _, p := range r.Players {
			for _, s := range r.Play[runKey{p.Name, h}] {
				if s.Err != nil {
					lines = append(lines, fmt.Sprintf("- play %dp: %v", h, s.Err))
				}
			}
			for _, s := range r.First[runKey{p.Name, h}] {
				if s.Err != nil {
					lines = append(lines, fmt.Sprintf("- first frame %dp: %v", h, s.Err))
				}
			}
		}
	}
	lines = append(lines, r.Warnings...)
	if len(lines) == 0 {
		return
	}
	fmt.Fprintln(w, "### Failed runs and warnings")
	fmt.Fprintln(w)
	for _, l := range lines {
		fmt.Fprintln(w, strings.ReplaceAll(l, "\n", " "))
	}
	fmt.Fprintln(w)
}
