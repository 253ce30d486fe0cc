package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// stderrTailBytes is how much of a player's stderr is kept: ffplay's last
// status line is all we read from it, and 64 KB holds hundreds of them.
const stderrTailBytes = 64 << 10

// stdoutMaxLines bounds the stdout lines kept (the mpv script prints two).
const stdoutMaxLines = 10000

// stopGrace is how long a stopped player gets to exit after SIGTERM
// before it is killed.
const stopGrace = 3 * time.Second

// proc is one running player.
type proc struct {
	cmd    *exec.Cmd
	start  time.Time
	events string
	done   chan struct{} // closed when the process has been waited for
	err    error         // Wait's error, valid after done
	end    time.Time     // when Wait returned, valid after done

	mu     sync.Mutex
	stdout []timedLine
	stderr tailBuffer
}

// startProc starts argv with env added to the bench's environment.
func startProc(argv, env []string, display, events string) (*proc, error) {
	p := &proc{events: events, done: make(chan struct{})}
	p.stderr.max = stderrTailBytes
	p.cmd = exec.Command(argv[0], argv[1:]...)
	p.cmd.Env = append(append(os.Environ(), "DISPLAY="+display), env...)
	p.cmd.Stderr = lockedWriter{&p.mu, &p.stderr}
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrPlayer, err)
	}
	p.start = time.Now()
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("%w: start %s: %w", ErrPlayer, argv[0], err)
	}
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			at := time.Since(p.start)
			p.mu.Lock()
			if len(p.stdout) < stdoutMaxLines {
				p.stdout = append(p.stdout, timedLine{At: at, Text: sc.Text()})
			}
			p.mu.Unlock()
		}
		io.Copy(io.Discard, out)
	}()
	go func() {
		<-readDone // StdoutPipe must be drained before Wait
		p.err = p.cmd.Wait()
		p.end = time.Now()
		close(p.done)
	}()
	return p, nil
}

// output is a snapshot of what the process wrote so far.
func (p *proc) output() runOutput {
	p.mu.Lock()
	defer p.mu.Unlock()
	return runOutput{
		Start:      p.start,
		Stdout:     append([]timedLine(nil), p.stdout...),
		Stderr:     append([]byte(nil), p.stderr.buf...),
		EventsPath: p.events,
	}
}

// wait waits for the process to exit, at most timeout; then it is stopped
// and an error returned.
func (p *proc) wait(timeout time.Duration) error {
	select {
	case <-p.done:
		if p.err != nil {
			return fmt.Errorf("%w: %s: %w", ErrPlayer, p.cmd.Args[0], p.err)
		}
		return nil
	case <-time.After(timeout):
		p.stop()
		return fmt.Errorf("%w: %s still running after %v; stopped", ErrPlayer, p.cmd.Args[0], timeout)
	}
}

// stop sends SIGTERM, then SIGKILL after stopGrace, and waits.
func (p *proc) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(stopGrace):
		p.cmd.Process.Kill()
		<-p.done
	}
}

// usage returns user+system CPU and peak RSS (bytes) of the exited
// process, from wait4's rusage.
func (p *proc) usage() (cpu time.Duration, maxRSS int64, ok bool) {
	if p.cmd.ProcessState == nil {
		return 0, 0, false
	}
	ru, ok := p.cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, 0, false
	}
	cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return cpu, ru.Maxrss * 1024, true // Linux reports ru_maxrss in KiB
}

// tailBuffer keeps the last max bytes written.
type tailBuffer struct {
	buf []byte
	max int
}

func (t *tailBuffer) Write(b []byte) (int, error) {
	t.buf = append(t.buf, b...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(b), nil
}

// lockedWriter serialises writes with the readers of the buffer.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}
