package source

import "smartplay/player/abr"

// Observer is told what the controller does, for the event log and the
// HUD. Calls come from the Run goroutine, in order; they must not block.
type Observer interface {
	// Decision: the strategy's (or the pin's) choice for a segment, and
	// the snapshot it saw.
	Decision(segIndex int, d abr.Decision, snap abr.Snapshot)
	// Downloaded: a segment arrived whole and was queued.
	Downloaded(segIndex, variant int, s abr.Sample, url string)
	// Retry: an attempt failed and will be retried (network error, 5xx).
	Retry(segIndex, variant int, url string, attempt int, err error)
	// Error: a download failed or missed its deadline. Unless it was the
	// lowest rendition the segment is refetched one rung lower at once;
	// a deadline miss also arrives as an aborted Sample in the snapshots.
	Error(segIndex, variant int, url string, err error)
}

// NopObserver ignores everything; embed it to implement only some methods.
type NopObserver struct{}

// Decision implements Observer.
func (NopObserver) Decision(int, abr.Decision, abr.Snapshot) {}

// Downloaded implements Observer.
func (NopObserver) Downloaded(int, int, abr.Sample, string) {}

// Retry implements Observer.
func (NopObserver) Retry(int, int, string, int, error) {}

// Error implements Observer.
func (NopObserver) Error(int, int, string, error) {}
