package source

import "smartplay/player/abr"

// Observer is told what the controller does, for the event log and the
// HUD. Calls come from the Run goroutine, in order; they must not block.
// Every sample the strategy will see arrives first through Downloaded or
// Aborted, in the order it joins the snapshots' Samples.
type Observer interface {
	// Decision: the strategy's (or, when pinned, the pin's) choice for a
	// segment, and the snapshot it saw.
	Decision(segIndex int, d abr.Decision, snap abr.Snapshot, pinned bool)
	// Downloaded: a segment arrived whole and was queued.
	Downloaded(segIndex, variant int, s abr.Sample, url string)
	// Aborted: a download missed its deadline and was abandoned (s holds
	// the bytes wasted and the time spent); the segment is refetched at
	// rendition to at once, without a deadline (the emergency downgrade).
	// When err wraps ErrPinMoved the viewer pinned rendition to instead:
	// s then does not join the Samples, and a new decision follows.
	Aborted(segIndex, variant int, s abr.Sample, url string, to int, err error)
	// Retry: an attempt failed and will be retried (network error, 5xx).
	Retry(segIndex, variant int, url string, attempt int, err error)
	// Error: a download failed. Unless it was the lowest rendition the
	// segment is refetched one rung lower at once.
	Error(segIndex, variant int, url string, err error)
}

// NopObserver ignores everything; embed it to implement only some methods.
type NopObserver struct{}

// Decision implements Observer.
func (NopObserver) Decision(int, abr.Decision, abr.Snapshot, bool) {}

// Downloaded implements Observer.
func (NopObserver) Downloaded(int, int, abr.Sample, string) {}

// Aborted implements Observer.
func (NopObserver) Aborted(int, int, abr.Sample, string, int, error) {}

// Retry implements Observer.
func (NopObserver) Retry(int, int, string, int, error) {}

// Error implements Observer.
func (NopObserver) Error(int, int, string, error) {}
