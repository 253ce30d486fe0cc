package abr

import (
	"fmt"
	"time"
)

// StartupHDHeight is the lowest picture height that counts as HD (720p),
// the same threshold as the QoE's HD share (player/qoe.HDHeight).
const StartupHDHeight = 720

// HDStart is smart's startup member: the startup policy (StartupDecision),
// except that when its conservative choice is below HD and nothing says
// the link is weak, the first segment is tried at the lowest HD rendition
// under a deadline of hdStartWaitShare of the segment's duration. On a
// link that carries it the viewer sees HD from the first frame instead of
// a blurry 10 s segment; on one that does not, the attempt is abandoned
// (as soon as its rate projects it past the deadline, ShouldAbandon, else
// at the deadline) and the player's emergency downgrade fetches the
// lowest rendition at once, so the wait is bounded by the deadline plus
// one small download.
//
// The conservative priors exist because a wrong guess used to cost an
// unbounded wait; with the deadline it costs at most the budget. They sit
// far below what the links measured carry (LTE/4G goal traces, built-in
// ladder: the first download's median rate was 12.4 Mbps, its 25th
// percentile 5.9 Mbps, against the 2 Mbps prior of an 80 ms origin): 873
// of 1147 sessions start in HD. The price is the startup delay. On the
// tuning half (docs/BENCHMARKS.md) against smart with the plain startup
// policy: HD share 0.736 → 0.798, bad cases 17 → 15, stalls 96 → 87,
// startup median 0.95 s → 2.66 s, 90th percentile 4.6 s → 7.0 s (QoE_lin
// counting the startup as rebuffering drops; without chunk 0 it rises).
// A wait of 0.3, 0.4, 0.6, 0.8 or 1.0 segments instead of the budget's 0.5
// gave HD 0.775, 0.784, 0.799, 0.816, 0.827 at startup 90th percentiles of
// 5.1, 6.2, 7.8, 9.5, 10.9 s while a doomed attempt waited out its whole
// deadline; see hdStartWaitShare for the wait since attempts are abandoned
// early.
//
// It does not gamble when something is known: a fresh last-session memory
// (a measurement of this link), a weak signal (cellular or Wi-Fi under
// hdStartMinSignal bars), a far origin (first request's latency above
// priorMidRTT), a ladder without resolutions, or a deadline the budget
// cannot meet even with nothing but the request latency. After the first
// download it abstains.
type HDStart struct{}

// hdStartWaitShare: the HD attempt's deadline, as a share of the
// segment's duration. Since a doomed attempt is abandoned as soon as its
// rate says so (ShouldAbandon, judged from AbandonMinDeadlineShare of the
// deadline on) rather than at the deadline, a longer deadline costs little
// startup and rescues the attempts that start slowly. Measured in the
// realistic simulator, smart on the LTE/4G goal traces (1147 sessions)
// with abandonment: 0.5, 0.55, 0.6, 0.7, 0.8, 1.0 gave HD share 0.806,
// 0.812, 0.815, 0.821, 0.826, 0.836 at startup 90th percentiles of 4.41,
// 4.73, 4.92, 5.35, 6.01, 7.02 s (median 2.32 s throughout; without
// abandonment and at 0.5: HD 0.827, 6.50 s). 0.6 keeps the HD goal with
// a margin and most of the startup gain.
const hdStartWaitShare = 0.6

// hdStartMinSignal: with fewer bars the radio link is the bottleneck and
// the conservative prior is likely right.
const hdStartMinSignal = 2

// Name implements Strategy.
func (HDStart) Name() string { return "startup" }

// Decide implements Strategy.
func (HDStart) Decide(s Snapshot) Decision {
	if len(s.Samples) > 0 {
		return Abstain("startup: measured downloads exist")
	}
	d := StartupDecision(s)
	hd, ok := lowestHD(s.Variants)
	if !ok || d.Variant >= hd {
		return d
	}
	if why := hdStartRisk(s); why != "" {
		d.Reason += "; no HD attempt: " + why
		return d
	}
	seg := s.SegmentDuration
	if seg <= 0 {
		seg = fallbackSegmentDuration
	}
	wait := scaleDuration(seg, hdStartWaitShare)
	if wait <= LinkRTT(s) {
		d.Reason += "; no HD attempt: the budget is all request latency"
		return d
	}
	return Decision{Variant: hd, Deadline: wait, Priority: PriorityStrong,
		Reason: fmt.Sprintf("startup: HD attempt %s within %.1fs (else the lowest; the conservative choice was %s)",
			rungName(s.Variants, hd), wait.Seconds(), rungName(s.Variants, d.Variant))}
}

// lowestHD is the index of the lowest rendition at least StartupHDHeight
// high; false when none is or the playlist gives no resolutions.
func lowestHD(vs []Variant) (int, bool) {
	for i, v := range vs {
		if v.Height >= StartupHDHeight {
			return i, true
		}
	}
	return 0, false
}

// hdStartRisk says why an HD attempt would be a bad bet, "" when nothing
// speaks against it.
func hdStartRisk(s Snapshot) string {
	h := s.Network
	switch {
	case freshMemory(s) != nil:
		return "the last session measured this link"
	case (h.Type == NetworkCellular || h.Type == NetworkWiFi) && h.Signal >= 0 && h.Signal < hdStartMinSignal:
		return fmt.Sprintf("weak %s signal (%d)", h.Type, h.Signal)
	case h.RTT > priorMidRTT:
		return fmt.Sprintf("far origin (%v)", h.RTT.Round(time.Millisecond))
	}
	return ""
}
