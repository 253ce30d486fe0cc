package netem

import (
	"context"
	"time"
)

// Clock is the time the origin schedules by. Tests of the link's
// arithmetic pass times directly; tests of the server use the real clock,
// inside a testing/synctest bubble where it is fake.
type Clock interface {
	Now() time.Time
	// SleepUntil waits until t (at once if t is past) or until ctx ends,
	// returning ctx's error then.
	SleepUntil(ctx context.Context, t time.Time) error
}

// RealClock is the system clock.
type RealClock struct{}

// Now implements Clock.
func (RealClock) Now() time.Time { return time.Now() }

// SleepUntil implements Clock.
func (RealClock) SleepUntil(ctx context.Context, t time.Time) error {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err()
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-tm.C:
		return nil
	}
}
