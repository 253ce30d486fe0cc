package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// factsTimeout bounds each version query.
const factsTimeout = 5 * time.Second

// machineFacts are printed with the results so that figures from another
// machine are never mistaken for these.
type machineFacts struct {
	CPUs      int
	CPUModel  string
	MemTotal  string
	Kernel    string
	Debian    string
	Go        string
	Packages  []string // "name version" of the players and libraries used
	Source    string   // git commit of the tree built, and whether it had uncommitted changes
	LoadStart string   // /proc/loadavg before the first run
	LoadEnd   string   // and after the last
}

// factPackages are the Debian packages whose versions decide the result.
var factPackages = []string{"mpv", "ffmpeg", "libavcodec59", "libsdl2-2.0-0", "libgl1-mesa-dri", "xvfb"}

func collectFacts(ctx context.Context) machineFacts {
	f := machineFacts{CPUs: runtime.NumCPU(), Go: runtime.Version(), LoadStart: loadAvg()}
	f.CPUModel = procField("/proc/cpuinfo", "model name")
	f.MemTotal = memTotal(procField("/proc/meminfo", "MemTotal"))
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		f.Kernel = strings.TrimSpace(string(b))
	}
	if b, err := os.ReadFile("/etc/debian_version"); err == nil {
		f.Debian = strings.TrimSpace(string(b))
	}
	f.Source = gitSource(ctx)
	for _, p := range factPackages {
		ctx, cancel := context.WithTimeout(ctx, factsTimeout)
		out, err := exec.CommandContext(ctx, "dpkg-query", "-W", "-f=${Version}", p).Output()
		cancel()
		v := strings.TrimSpace(string(out))
		if err != nil || v == "" {
			v = "not installed"
		}
		f.Packages = append(f.Packages, p+" "+v)
	}
	return f
}

// procField returns the value of the first "name : value" line of a /proc file.
func procField(path, name string) string {
	fh, err := os.Open(path)
	if err != nil {
		return "unknown"
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == name {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// loadAvg returns the 1, 5 and 15 minute load averages.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// memTotal turns /proc/meminfo's "24684096 kB" into "23.5 GiB".
func memTotal(v string) string {
	kb, err := strconv.ParseInt(strings.TrimSuffix(v, " kB"), 10, 64)
	if err != nil {
		return v
	}
	return fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
}

// gitSource describes the checked-out tree: the commit and whether the
// working tree differs from it (bin/smartplay is built from the tree).
func gitSource(ctx context.Context) string {
	ctx, cancel := context.WithTimeout(ctx, factsTimeout)
	defer cancel()
	head, err := exec.CommandContext(ctx, "git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown (not a git checkout)"
	}
	s := "commit " + strings.TrimSpace(string(head))
	st, err := exec.CommandContext(ctx, "git", "status", "--porcelain").Output()
	if err == nil && len(bytes.TrimSpace(st)) > 0 {
		s += " plus uncommitted changes (modified or untracked files)"
	}
	return s
}
