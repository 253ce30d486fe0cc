package events

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"
)

// Log writes events as JSON Lines. It is safe for concurrent use; every
// event is flushed at once, so the log is complete up to the last event
// even if the process is killed. A nil *Log discards everything.
type Log struct {
	mu     sync.Mutex
	w      *bufio.Writer
	now    func() time.Time
	start  time.Time
	err    error
	listen []func(Event)
}

// NewLog writes to w (nil: only listeners see events), timing events with
// now (time.Now when nil) from the moment of the call.
func NewLog(w io.Writer, now func() time.Time) *Log {
	if now == nil {
		now = time.Now
	}
	l := &Log{now: now, start: now()}
	if w != nil {
		l.w = bufio.NewWriter(w)
	}
	return l
}

// Listen registers fn to receive every event after it is stamped (the
// QoE tracker and the HUD read the log this way). Call before emitting.
func (l *Log) Listen(fn func(Event)) {
	if l == nil {
		return
	}
	l.mu.Lock()
	l.listen = append(l.listen, fn)
	l.mu.Unlock()
}

// Emit stamps e with the wall time and elapsed time, writes it and hands
// it to listeners.
func (l *Log) Emit(e Event) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.now()
	e.Wall = t.UTC().Format(time.RFC3339Nano)
	e.Elapsed = round3(t.Sub(l.start).Seconds())
	e.Media = round3(e.Media)
	for _, fn := range l.listen {
		fn(e)
	}
	if l.w == nil || l.err != nil {
		return
	}
	b, err := json.Marshal(e)
	if err == nil {
		b = append(b, '\n')
		_, err = l.w.Write(b)
	}
	if err == nil {
		err = l.w.Flush()
	}
	if err != nil {
		l.err = fmt.Errorf("event log: %w", err)
	}
}

// Err reports the first write error, if any.
func (l *Log) Err() error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

// Seconds converts a duration to seconds rounded to the millisecond, the
// resolution of every time in the log.
func Seconds(d time.Duration) float64 { return round3(d.Seconds()) }

func round3(f float64) float64 {
	if f < 0 {
		return -float64(int64(-f*1000+0.5)) / 1000
	}
	return float64(int64(f*1000+0.5)) / 1000
}
