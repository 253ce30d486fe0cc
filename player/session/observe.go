package session

import (
	"errors"
	"fmt"
	"time"

	"smartplay/player/abr"
	"smartplay/player/events"
	"smartplay/player/qoe"
	"smartplay/player/source"
)

// renderObserver turns the consumer's news into events and QoE.
type renderObserver struct{ s *Session }

func (o renderObserver) FirstFrame(pts time.Duration, wall time.Time) {
	s := o.s
	v := s.consumer.Stats().Variant
	if s.pres == nil {
		v = 0 // a local file is one rendition; its frames carry -1
	}
	startup := wall.Sub(s.openedAt)
	s.mu.Lock()
	s.shown = v
	s.tracker.Start(startup, pts, v)
	s.mu.Unlock()
	s.log.Emit(events.Event{Type: events.FirstFrame, Media: events.Seconds(pts), Startup: events.Seconds(startup),
		Rendition: renditionPtr(v), Label: s.label(v)})
}

func (o renderObserver) StallStart(pos time.Duration) {
	s := o.s
	s.mu.Lock()
	s.tracker.Advance(pos)
	s.mu.Unlock()
	s.log.Emit(events.Event{Type: events.StallStart, Media: events.Seconds(pos)})
}

func (o renderObserver) StallEnd(pos, dur time.Duration) {
	s := o.s
	s.mu.Lock()
	s.tracker.Stall(dur)
	s.mu.Unlock()
	s.log.Emit(events.Event{Type: events.StallEnd, Media: events.Seconds(pos), Duration: events.Seconds(dur)})
}

func (o renderObserver) Dropped(n int, pos time.Duration) {
	s := o.s
	s.mu.Lock()
	s.tracker.Dropped(n)
	s.mu.Unlock()
	s.log.Emit(events.Event{Type: events.FramesDropped, Media: events.Seconds(pos), Count: n})
}

func (o renderObserver) Switched(from, to int, pts time.Duration) {
	s := o.s
	s.mu.Lock()
	s.shown = to
	s.tracker.Switch(pts, to)
	s.mu.Unlock()
	s.log.Emit(events.Event{Type: events.SwitchApplied, Media: events.Seconds(pts), From: events.Int(from), To: events.Int(to),
		Label: s.label(to)})
}

func (o renderObserver) Ended(pos time.Duration) {
	s := o.s
	s.mu.Lock()
	s.tracker.Advance(pos)
	s.ended = true
	s.mu.Unlock()
}

// sourceObserver turns the controller's news into events.
type sourceObserver struct{ s *Session }

// Decision logs the decision with its inputs (the snapshot, with the
// samples since the previous decision) and notes what the QoE's bad cases
// need of it.
func (o sourceObserver) Decision(seg int, d abr.Decision, snap abr.Snapshot, pinned bool) {
	s := o.s
	rates := make([]float64, len(snap.Samples))
	for i, smp := range snap.Samples {
		rates[i] = smp.Throughput()
	}
	s.mu.Lock()
	fresh := s.fresh
	s.fresh = nil
	s.decided[seg] = decisionNote{buffer: snap.Buffer, throughput: qoe.MeasuredThroughput(rates)}
	s.mu.Unlock()
	s.log.Emit(events.Event{Type: events.Decision, Media: events.Seconds(s.consumer.Position()), Segment: events.Int(seg),
		Rendition: events.Int(d.Variant), Label: s.label(d.Variant), Reason: d.Reason,
		Deadline: events.Seconds(d.Deadline), Buffer: events.Seconds(snap.Buffer),
		Inputs: newInputs(snap, fresh, pinned).marshal()})
}

// addFresh keeps a sample for the next decision event's inputs.
func (s *Session) addFresh(smp abr.Sample) {
	s.mu.Lock()
	s.fresh = append(s.fresh, smp)
	s.mu.Unlock()
}

func (o sourceObserver) Downloaded(seg, variant int, smp abr.Sample, url string) {
	s := o.s
	s.addFresh(smp)
	s.log.Emit(events.Event{Type: events.SegmentDownloaded, Media: events.Seconds(s.consumer.Position()), Segment: events.Int(seg),
		Rendition: events.Int(variant), Label: s.label(variant), Bytes: smp.Bytes, TTFB: events.Seconds(smp.TTFB),
		DownloadTime: events.Seconds(smp.Duration), ThroughputKbps: kbps(smp), URI: url})
}

func (o sourceObserver) Aborted(seg, variant int, smp abr.Sample, url string, to int, err error) {
	s := o.s
	if !errors.Is(err, source.ErrPinMoved) { // cut short on purpose: not a measurement
		s.addFresh(smp)
	}
	s.log.Emit(events.Event{Type: events.DownloadAborted, Media: events.Seconds(s.consumer.Position()), Segment: events.Int(seg),
		Rendition: events.Int(variant), Label: s.label(variant), To: events.Int(to), Reason: err.Error(),
		WastedBytes: smp.Bytes, TTFB: events.Seconds(smp.TTFB), DownloadTime: events.Seconds(smp.Duration),
		ThroughputKbps: kbps(smp), URI: url})
}

// kbps is a sample's throughput in kbit/s, one decimal.
func kbps(smp abr.Sample) float64 { return float64(int64(smp.Throughput()/100)) / 10 }

func (s *Session) label(v int) string {
	if v >= 0 && v < len(s.labels) {
		return s.labels[v]
	}
	return ""
}

func renditionPtr(v int) *int {
	if v < 0 {
		return nil
	}
	return events.Int(v)
}

func (o sourceObserver) Retry(seg, variant int, url string, attempt int, err error) {
	s := o.s
	s.log.Emit(events.Event{Type: events.Retry, Media: events.Seconds(s.consumer.Position()), Segment: events.Int(seg),
		Rendition: events.Int(variant), Label: s.label(variant), URI: url, Count: attempt, Err: err.Error()})
}

func (o sourceObserver) Error(seg, variant int, url string, err error) {
	s := o.s
	s.log.Emit(events.Event{Type: events.DownloadFailed, Media: events.Seconds(s.consumer.Position()), Segment: events.Int(seg),
		Rendition: events.Int(variant), Label: s.label(variant), URI: url, Err: err.Error()})
}

// playing tells the strategy whether playback runs (not starting, not
// stalled, not paused): what abr.Snapshot.Playing means.
func (s *Session) playing() bool {
	st := s.consumer.Stats()
	return st.Started && !st.Buffering && !st.Paused && !st.Ended
}

// Skipped implements source.RecoveryObserver: a segment lost on every
// rendition is skipped (the last resort); its time is a hole.
func (o sourceObserver) Skipped(seg int, tried []int, dur time.Duration, err error) {
	s := o.s
	s.log.Emit(events.Event{Type: events.SegmentSkipped, Media: events.Seconds(s.consumer.Position()), Segment: events.Int(seg),
		Count: len(tried), Duration: events.Seconds(dur), Err: err.Error()})
}

// ReloadFailed implements source.RecoveryObserver: a live playlist reload
// failed and is tried again while playback goes on from the buffer.
func (o sourceObserver) ReloadFailed(variant, attempt int, buffer, wait time.Duration, err error) {
	s := o.s
	s.log.Emit(events.Event{Type: events.ReloadFailed, Media: events.Seconds(s.consumer.Position()), Rendition: events.Int(variant),
		Label: s.label(variant), Count: attempt, Buffer: events.Seconds(buffer), Err: err.Error()})
}

// The controller tells the session about skips and failed reloads.
var _ source.RecoveryObserver = sourceObserver{}

// AudioFailover implements source.AudioObserver: an audio segment came
// from an alternative rendition after failing on its own.
func (o sourceObserver) AudioFailover(seg int, from, to *source.AudioRendition, audioSeg int, err error) {
	s := o.s
	s.log.Emit(events.Event{Type: events.AudioFailover, Media: events.Seconds(s.consumer.Position()), Segment: events.Int(seg),
		AudioSegment: events.Int(audioSeg), From: events.Int(from.Index), To: events.Int(to.Index), Label: from.Label(),
		Message: fmt.Sprintf("audio segment %d of %s fetched from %s", audioSeg, from.Label(), to.Label()), Err: err.Error()})
}

// AudioSkipped implements source.AudioObserver: audio lost on every
// alternative; the video plays on with silence for that span.
func (o sourceObserver) AudioSkipped(seg int, a *source.AudioRendition, audioSeg int, start, dur time.Duration, err error) {
	s := o.s
	e := events.Event{Type: events.AudioSkipped, Media: events.Seconds(s.consumer.Position()), Segment: events.Int(seg),
		From: events.Int(a.Index), Label: a.Label(), FromPos: events.Seconds(start), Duration: events.Seconds(dur), Err: err.Error(),
		Message: fmt.Sprintf("audio of %s lost on every alternative: %.1f s play silent", a.Label(), dur.Seconds())}
	if audioSeg >= 0 {
		e.AudioSegment = events.Int(audioSeg)
	}
	s.log.Emit(e)
}

// The controller tells the session about audio recoveries.
var _ source.AudioObserver = sourceObserver{}
