package abr

import "fmt"

// robustMPC as Pensieve ships it (test/mpc.py; ../shared/abr/SIMULATOR.md
// §3), after Yin et al., SIGCOMM 2015.
const (
	// mpcHorizon is MPC_FUTURE_CHUNK_COUNT: segments planned ahead.
	mpcHorizon = 5
	// mpcHistory: the harmonic mean and the error window span the last 5
	// downloads.
	mpcHistory = 5
	// mpcRebufPenalty and mpcSmoothPenalty are QoE_lin's weights.
	mpcRebufPenalty  = 4.3
	mpcSmoothPenalty = 1
	// mpcNoReward is mpc.py's initial max_reward: a plan must beat it.
	mpcNoReward = -100000000.0
	// mpcBytesPerMB and mpcKbpsPerMbps are mpc.py's unit divisors.
	mpcBytesPerMB  = 1000000.0
	mpcKbpsPerMbps = 1000.0
)

// RobustMPCConfig tunes robustMPC; the zero value is mpc.py as shipped.
type RobustMPCConfig struct {
	// FixLookAheadOffByOne plans with the sizes of the segments really
	// ahead (SegmentIndex, SegmentIndex+1, …). Default false: as shipped,
	// the plan for segment k reads the sizes of k+1…k+5 (quirk M1; fixed
	// by upstream commit d46b684, not on master).
	FixLookAheadOffByOne bool
}

// RobustMPC plans the next 5 segments by exhaustive search (6^5 plans on
// a 6-rung ladder) to maximise QoE_lin with a throughput forecast: the
// harmonic mean of the last 5 downloads divided by 1 + the largest of its
// last 5 relative forecast errors. Its error history lives across its own
// decisions within a session (Reset clears it).
//
// The search shares plan prefixes (a depth-first walk in mpc.py's
// lexicographic order; the same float operations in the same order, so
// the same rewards bit for bit) and prunes a prefix whose best possible
// completion (top rung, no rebuffering, no switch) scores strictly below
// the best plan so far; mpc.py's ">=" (ties go to the later plan) is kept.
type RobustMPC struct {
	cfg     RobustMPCConfig
	errs    []float64 // last ≤ mpcHistory forecast errors
	lastEst float64   // previous un-discounted harmonic mean (MB/s)
	hasEst  bool
	last    Sample // the newest sample already accounted for
	seen    bool

	// Search state, reused across decisions.
	dt       [mpcHorizon][]float64 // download time (s) of rung q at plan position i
	kbps     []float64
	segSec   float64
	best     float64
	bestQ    int
	maxKbps  float64
	horizonL int
}

func init() {
	register("robustmpc", func() Strategy { return NewRobustMPC(RobustMPCConfig{}) })
	register("robustmpc-fixed", func() Strategy { return NewRobustMPC(RobustMPCConfig{FixLookAheadOffByOne: true}) })
}

// NewRobustMPC returns robustMPC with fresh state.
func NewRobustMPC(cfg RobustMPCConfig) *RobustMPC { return &RobustMPC{cfg: cfg} }

// Name implements Strategy.
func (r *RobustMPC) Name() string {
	if r.cfg.FixLookAheadOffByOne {
		return "robustmpc-fixed"
	}
	return "robustmpc"
}

// Reset implements Resetter: a new session forgets the error history.
func (r *RobustMPC) Reset() {
	r.errs, r.lastEst, r.hasEst, r.seen = r.errs[:0], 0, false, false
}

// mbps is mpc.py's throughput sample: bytes / delay ms / 1000 = MB/s
// (10^6 bytes/s), the delay including the request's latency.
func mbPerSec(s Sample) float64 {
	ms := float64(s.Duration) / 1e6
	return float64(s.Bytes) / ms / 1000
}

// usable reports samples the harmonic mean can use.
func usable(s Sample) bool { return s.Bytes > 0 && s.Duration > 0 }

// Decide implements Strategy.
func (r *RobustMPC) Decide(s Snapshot) Decision {
	n := len(s.Variants)
	if n == 0 {
		return Decision{Variant: 0, Reason: r.Name() + ": no renditions"}
	}
	hm, fut, ok := r.forecast(s.Samples)
	if !ok {
		v := clampVariant(pensieveDefaultQuality, n)
		return Decision{Variant: v, Reason: r.Name() + ": nothing measured → " + rungName(s.Variants, v)}
	}
	L := mpcHorizon
	if s.SegmentCount > 0 {
		L = min(L, s.SegmentCount-s.SegmentIndex)
	}
	cur := s.Current
	if cur < 0 || cur >= n {
		cur = clampVariant(s.Samples[len(s.Samples)-1].Variant, n)
	}
	if L <= 0 {
		return Decision{Variant: cur, Reason: r.Name() + ": past the last segment"}
	}
	r.prepare(s, L, fut)
	r.best, r.bestQ = mpcNoReward, -1
	r.search(0, cur, s.Buffer.Seconds(), 0, 0, 0, -1)
	v := r.bestQ
	if v < 0 {
		v = 0 // mpc.py: "no combo had reward better than -1000000 (ERROR) so send 0"
	}
	return Decision{Variant: v, Reason: fmt.Sprintf("%s: forecast %.2f Mbps (hm %.2f) → %s",
		r.Name(), fut*8, hm*8, rungName(s.Variants, v))}
}

// forecast folds in the newest sample (once) and returns the harmonic mean
// of the last 5 usable samples and the discounted forecast, in MB/s.
func (r *RobustMPC) forecast(samples []Sample) (hm, fut float64, ok bool) {
	var recent []Sample
	for i := len(samples) - 1; i >= 0 && len(recent) < mpcHistory; i-- {
		if usable(samples[i]) {
			recent = append(recent, samples[i])
		}
	}
	if len(recent) == 0 {
		return 0, 0, false
	}
	sum := 0.0
	for i := len(recent) - 1; i >= 0; i-- { // oldest first, as mpc.py sums
		sum += 1 / mbPerSec(recent[i])
	}
	hm = 1.0 / (sum / float64(len(recent)))
	if newest := recent[0]; !r.seen || newest != r.last {
		x := mbPerSec(newest)
		e := 0.0
		if r.hasEst {
			d := r.lastEst - x
			if d < 0 {
				d = -d
			}
			e = d / x
		}
		r.errs = append(r.errs, e)
		if len(r.errs) > mpcHistory {
			r.errs = r.errs[len(r.errs)-mpcHistory:]
		}
		r.last, r.seen = newest, true
		r.lastEst, r.hasEst = hm, true
	}
	maxErr := 0.0
	for _, e := range r.errs {
		maxErr = max(maxErr, e)
	}
	return hm, hm / (1 + maxErr), true
}

// prepare fills the per-position download times and the ladder's kbps.
func (r *RobustMPC) prepare(s Snapshot, L int, fut float64) {
	n := len(s.Variants)
	r.horizonL, r.segSec = L, s.SegmentDuration.Seconds()
	r.kbps = r.kbps[:0]
	r.maxKbps = 0
	for _, v := range s.Variants {
		k := float64(v.Bitrate()) / 1000
		r.kbps = append(r.kbps, k)
		r.maxKbps = max(r.maxKbps, k)
	}
	shift := 1 // quirk M1: position i reads segment SegmentIndex+i+1
	if r.cfg.FixLookAheadOffByOne {
		shift = 0
	}
	for i := 0; i < L; i++ {
		if cap(r.dt[i]) < n {
			r.dt[i] = make([]float64, n)
		}
		r.dt[i] = r.dt[i][:n]
		for q := 0; q < n; q++ {
			r.dt[i][q] = (float64(segmentSize(s, q, i+shift)) / mpcBytesPerMB) / fut
		}
	}
}

// segmentSize is the size of segment SegmentIndex+off at rung q: from
// NextSizes when listed; 0 past the end of a VOD (mpc.py's
// get_chunk_size); else the declared bitrate × segment duration.
func segmentSize(s Snapshot, q, off int) int64 {
	if q < len(s.NextSizes) && off < len(s.NextSizes[q]) {
		return s.NextSizes[q][off]
	}
	if s.SegmentCount > 0 && s.SegmentIndex+off >= s.SegmentCount {
		return 0
	}
	return int64(float64(s.Variants[q].Bitrate()) * s.SegmentDuration.Seconds() / 8)
}

// search walks plans depth-first in lexicographic order. first is the
// plan's first rung (-1 at the root).
func (r *RobustMPC) search(pos, last int, buf, rebuf, bitSum, smooth float64, first int) {
	if pos == r.horizonL {
		rew := bitSum/mpcKbpsPerMbps - float64(mpcRebufPenalty*rebuf) - smooth/mpcKbpsPerMbps
		if rew >= r.best {
			r.best, r.bestQ = rew, first
		}
		return
	}
	// Upper bound of any completion: the top rung everywhere, no more
	// rebuffering, no more switches (float sums are monotone, so no leaf
	// below can exceed it).
	ub := bitSum
	for i := pos; i < r.horizonL; i++ {
		ub += r.maxKbps
	}
	if ub/mpcKbpsPerMbps-float64(mpcRebufPenalty*rebuf)-smooth/mpcKbpsPerMbps < r.best {
		return
	}
	for q := range r.kbps {
		dt := r.dt[pos][q]
		b, rb := buf, rebuf
		if b < dt {
			rb += dt - b
			b = 0
		} else {
			b -= dt
		}
		b += r.segSec
		d := r.kbps[q] - r.kbps[last]
		if d < 0 {
			d = -d
		}
		f := first
		if pos == 0 {
			f = q
		}
		r.search(pos+1, q, b, rb, bitSum+r.kbps[q], smooth+float64(mpcSmoothPenalty*d), f)
	}
}
