package assets

import (
	"fmt"
	"io"
	"os"
	"time"
)

// progress prints "what: 42%" lines: rewritten in place on a terminal,
// one line per 10% step otherwise (logs stay short).
type progress struct {
	w        io.Writer
	what     string
	tty      bool
	lastStep int
	started  time.Time
}

func newProgress(w io.Writer, what string) *progress {
	p := &progress{w: w, what: what, lastStep: -1, started: time.Now()}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	p.fraction(0)
	return p
}

func (p *progress) fraction(f float64) {
	if p.w == nil {
		return
	}
	pct := int(f * 100)
	if p.tty {
		fmt.Fprintf(p.w, "\r%s: %3d%%", p.what, pct)
		return
	}
	if step := pct / 10; step > p.lastStep {
		p.lastStep = step
		fmt.Fprintf(p.w, "%s: %d%%\n", p.what, pct)
	}
}

func (p *progress) finish() {
	if p.w == nil {
		return
	}
	if p.tty {
		fmt.Fprintf(p.w, "\r%s: done in %.0fs\n", p.what, time.Since(p.started).Seconds())
		return
	}
	fmt.Fprintf(p.w, "%s: done in %.0fs\n", p.what, time.Since(p.started).Seconds())
}
