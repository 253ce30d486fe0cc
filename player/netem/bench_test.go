package netem

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The origin benchmark: for each trace class, the origin runs in a child
// process (this test binary, re-executed) so that its CPU time is its
// own; the benchmark process is the client, keeping the link busy with
// concurrent requests over loopback TCP for benchSpan, and measuring the
// bytes of every 1 s window (one every 100 ms) against the trace.
//
//	go test -run '^$' -bench Origin -benchtime 1x ./player/netem/
//
// NETEM_BENCH_TRACES=file1,file2 adds trace files (e.g. Mahimahi ones).
const (
	benchSpan  = 20 * time.Second
	benchFlows = 4
	// envOrigin makes the test binary the benchmark's origin child; its
	// value is the trace to shape by (benchTrace's names or a file).
	envOrigin = "NETEM_BENCH_ORIGIN"
)

// benchClasses are the traces measured by default: the range's ends,
// both shipped Pensieve kinds (1 s 3G steps, 5 s broadband steps, here
// scaled ×8 to reach ~20 Mbit/s) and Mahimahi-style ms bursts.
var benchClasses = []string{"const-0.2", "const-50", "hsdpa-bus", "fcc-broadband-x8", "mahimahi-bursts"}

// benchTrace builds a trace by benchmark name, or loads a file.
func benchTrace(tb testing.TB, name string) *Trace {
	switch name {
	case "const-0.2":
		return mustTrace(tb, 0.2)
	case "const-50":
		return mustTrace(tb, 50)
	case "hsdpa-bus":
		return shipped(tb, "hsdpa-bus")
	case "fcc-broadband-x8":
		return scaled(tb, shipped(tb, "fcc-broadband"), 8)
	case "mahimahi-bursts":
		return bursty(tb)
	}
	tr, err := LoadTrace(name)
	if err != nil {
		tb.Fatal(err)
	}
	return tr
}

// originChild serves loadFS shaped by the trace named in envOrigin,
// prints its session URL, and answers "cpu" lines on stdin with its CPU
// time so far (user+system, ns). It exits when stdin closes.
func originChild() int {
	tb := &childTB{}
	tr := benchTrace(tb, os.Getenv(envOrigin))
	if tb.failed != "" {
		fmt.Fprintln(os.Stderr, tb.failed)
		return 1
	}
	s, err := Start(context.Background(), Config{FS: loadFS(), Trace: tr})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer s.Close()
	fmt.Println(s.SessionURL("bench"))
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		fmt.Println(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return 0
}

// childTB lets benchTrace run outside a test.
type childTB struct {
	testing.TB
	failed string
}

func (c *childTB) Helper()                   {}
func (c *childTB) Fatal(args ...any)         { c.failed = fmt.Sprint(args...) }
func (c *childTB) Fatalf(f string, a ...any) { c.failed = fmt.Sprintf(f, a...) }

func BenchmarkOrigin(b *testing.B) {
	classes := benchClasses
	if extra := os.Getenv("NETEM_BENCH_TRACES"); extra != "" {
		classes = append(classes, strings.Split(extra, ",")...)
	}
	for _, name := range classes {
		b.Run(benchName(name), func(b *testing.B) {
			tr := benchTrace(b, name)
			for b.Loop() {
				res, cpu := benchOnce(b, name, tr)
				mean, worst := res.summary()
				served := res.mbps()
				wall := res.span() - window
				b.ReportMetric(served, "Mbit/s")
				b.ReportMetric(100*mean, "mean-err-%")
				b.ReportMetric(100*worst, "worst-err-%")
				b.ReportMetric(100*cpu.Seconds()/wall.Seconds(), "cpu-%")
				b.ReportMetric(100*cpu.Seconds()/wall.Seconds()/served, "cpu-%/Mbit/s")
			}
		})
	}
}

func benchName(name string) string {
	if i := strings.LastIndex(name, "/"); i >= 0 {
		return name[i+1:]
	}
	return name
}

// benchOnce runs one measurement against a fresh origin child and returns
// the client's windows and the child's CPU time over the measured span.
func benchOnce(b *testing.B, name string, tr *Trace) (loadResult, time.Duration) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envOrigin+"="+name)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	outp, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { in.Close(); cmd.Wait() }()
	out := bufio.NewScanner(outp)
	if !out.Scan() {
		b.Fatal("the origin child printed no URL")
	}
	url := out.Text()
	cpuNow := func() time.Duration {
		fmt.Fprintln(in, "cpu")
		var ns int64
		if !out.Scan() {
			b.Fatal("the origin child died")
		}
		fmt.Sscan(out.Text(), &ns)
		return time.Duration(ns)
	}
	// CPU from the end of the first window (the warm-up) to the span's
	// end, the stretch whose windows are measured.
	first := make(chan time.Duration, 1)
	go func() {
		time.Sleep(window)
		first <- cpuNow()
	}()
	res := load(b, url, tr, benchFlows, benchSpan+window, nil)
	cpu0 := <-first
	return res, cpuNow() - cpu0
}
