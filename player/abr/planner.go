package abr

import (
	"fmt"
	"math"
	"time"
)

// Planner defaults. They were chosen with `smartplay sim` (docs/BENCHMARKS.md
// has the runs): tuned on one half of the Pensieve training traces and
// checked on the other half and on the LTE traces, so that they are not
// fitted to one set.
const (
	// DefaultPlanHorizon: segments planned ahead. robustMPC plans 5; 6
	// measured better with the terminal buffer value (Pensieve model,
	// QoE/chunk 1-47: 0.668 vs 0.658 at 5, 0.657 at 7).
	DefaultPlanHorizon = 6
	// DefaultPlanHistory: downloads in the harmonic mean. The harmonic
	// mean is dominated by the slow samples, which is the cautious side.
	DefaultPlanHistory = 5
	// DefaultPlanErrWindow: past forecast errors that set the discount.
	DefaultPlanErrWindow = 5
	// DefaultPlanErrWeight scales the discount: forecast = mean / (1 +
	// weight × error). robustMPC uses the largest error of the window at
	// full weight, which makes it pay for every past surprise at once
	// (weight 1: 0.648 vs 0.668 at 0.5, Pensieve model, horizon 6).
	DefaultPlanErrWeight = 0.5
	// DefaultPlanErrCap bounds one forecast error (relative to the
	// measured rate): after an outage a sample near zero makes the error
	// huge, and uncapped it would pin the forecast near zero for the whole
	// error window, long after the link came back.
	DefaultPlanErrCap = 2.0
	// DefaultPlanTerminalWeight values buffer left at the end of the plan
	// (QoE units per second of buffer short of the target): a plan that
	// ends on an empty buffer has only postponed its stall past the horizon.
	// Measured (Pensieve model, QoE/chunk 1-47): none 0.58, 0.3 0.60,
	// 1.0 0.66, 1.5 0.668, 2.5 0.65.
	DefaultPlanTerminalWeight = 1.5
	// DefaultPlanTargetBuffer: the buffer the plan should end with (8 s:
	// 0.651, 12 s: 0.668, 16 s: 0.649; capped at the buffer limit minus a
	// segment).
	DefaultPlanTargetBuffer = 12 * time.Second
	// QoE_lin weights (Pensieve, MPC): one second of rebuffering costs 4.3
	// Mbps of bitrate, a switch its size in Mbps.
	planRebufPenalty  = 4.3
	planSmoothPenalty = 1.0
)

// PlannerConfig tunes the planner; zero fields take the defaults.
type PlannerConfig struct {
	Horizon        int           // default DefaultPlanHorizon
	History        int           // default DefaultPlanHistory
	ErrWindow      int           // default DefaultPlanErrWindow
	ErrWeight      float64       // default DefaultPlanErrWeight; <0 means 0
	TerminalWeight float64       // default DefaultPlanTerminalWeight; <0 means 0
	TargetBuffer   time.Duration // default DefaultPlanTargetBuffer
	ErrCap         float64       // default DefaultPlanErrCap
}

func (c PlannerConfig) withDefaults() PlannerConfig {
	if c.Horizon <= 0 {
		c.Horizon = DefaultPlanHorizon
	}
	if c.History <= 0 {
		c.History = DefaultPlanHistory
	}
	if c.ErrWindow <= 0 {
		c.ErrWindow = DefaultPlanErrWindow
	}
	switch {
	case c.ErrWeight == 0:
		c.ErrWeight = DefaultPlanErrWeight
	case c.ErrWeight < 0:
		c.ErrWeight = 0
	}
	switch {
	case c.TerminalWeight == 0:
		c.TerminalWeight = DefaultPlanTerminalWeight
	case c.TerminalWeight < 0:
		c.TerminalWeight = 0
	}
	if c.ErrCap <= 0 {
		c.ErrCap = DefaultPlanErrCap
	}
	if c.TargetBuffer <= 0 {
		c.TargetBuffer = DefaultPlanTargetBuffer
	}
	return c
}

// Planner is model-predictive control on QoE_lin, after robustMPC (Yin et
// al., SIGCOMM 2015) with three changes measured to matter: it plans with
// the sizes of the segments really ahead (robustMPC's shipped look-ahead is
// one off), it discounts its forecast by a share of the recent forecast
// error instead of the whole of the largest one, and it values the buffer
// left at the end of the plan, so it does not spend the buffer on the last
// planned segments. It respects the buffer limit in its model (a full
// buffer waits, it does not grow). Plans are searched depth-first with
// exact pruning; ties go to the lower rendition. An upswitch gets
// UpswitchDeadline (at the harmonic mean), anything else DownloadDeadline.
// It is an Arbiter member: before the first download it abstains (the
// startup policy decides).
type Planner struct {
	cfg     PlannerConfig
	errs    []float64 // recent relative forecast errors
	lastEst float64   // previous undiscounted forecast, bits/s
	hasEst  bool
	last    Sample
	seen    bool

	// search state, reused
	dt       [][]float64 // [position][rung] download seconds
	mbps     []float64
	segSec   float64
	capSec   float64
	target   float64
	best     float64
	bestQ    int
	maxMbps  float64
	horizonL int
}

// NewPlanner returns a planner with fresh state.
func NewPlanner(cfg PlannerConfig) *Planner { return &Planner{cfg: cfg.withDefaults()} }

// Name implements Strategy.
func (p *Planner) Name() string { return "planner" }

// Reset implements Resetter.
func (p *Planner) Reset() {
	p.errs, p.lastEst, p.hasEst, p.seen = p.errs[:0], 0, false, false
}

// Forecast folds in the newest download (once) and returns the harmonic
// mean of the recent downloads and the discounted forecast, bits/s.
func (p *Planner) Forecast(samples []Sample) (mean, forecast float64, ok bool) {
	mean, ok = HarmonicMean{N: p.cfg.History}.Estimate(samples)
	if !ok {
		return 0, 0, false
	}
	var newest Sample
	for i := len(samples) - 1; i >= 0; i-- {
		if samples[i].Duration > 0 && samples[i].Bytes > 0 { // what the estimate counts
			newest = samples[i]
			break
		}
	}
	if !p.seen || newest != p.last {
		if p.hasEst {
			x := newest.Throughput()
			p.errs = append(p.errs, min(math.Abs(p.lastEst-x)/x, p.cfg.ErrCap))
			if len(p.errs) > p.cfg.ErrWindow {
				p.errs = p.errs[len(p.errs)-p.cfg.ErrWindow:]
			}
		}
		p.last, p.seen = newest, true
		p.lastEst, p.hasEst = mean, true
	}
	maxErr := 0.0
	for _, e := range p.errs {
		maxErr = max(maxErr, e)
	}
	return mean, mean / (1 + p.cfg.ErrWeight*maxErr), true
}

// Decide implements Strategy.
func (p *Planner) Decide(s Snapshot) Decision {
	n := len(s.Variants)
	if n == 0 {
		return Decision{Reason: "planner: no renditions"}
	}
	mean, fut, ok := p.Forecast(s.Samples)
	if !ok {
		return Abstain("planner: nothing measured yet")
	}
	cur := s.Current
	if cur < 0 || cur >= n {
		cur = clampVariant(s.Samples[len(s.Samples)-1].Variant, n)
	}
	L := p.cfg.Horizon
	if s.SegmentCount > 0 {
		L = min(L, s.SegmentCount-s.SegmentIndex)
	}
	if L <= 0 {
		return Decision{Variant: cur, Reason: "planner: past the last segment"}
	}
	p.prepare(s, L, fut)
	p.best, p.bestQ = math.Inf(-1), 0
	p.search(0, cur, s.Buffer.Seconds(), 0, -1)
	v := p.bestQ
	return Decision{
		Variant:  v,
		Reason:   fmt.Sprintf("planner: forecast %.2f Mbps (mean %.2f), buffer %.1f s → %s", fut/1e6, mean/1e6, s.Buffer.Seconds(), rungName(s.Variants, v)),
		Deadline: UpswitchDeadline(s, v, mean),
	}
}

func (p *Planner) prepare(s Snapshot, L int, fut float64) {
	n := len(s.Variants)
	seg := s.SegmentDuration
	if seg <= 0 {
		seg = fallbackSegmentDuration
	}
	p.horizonL, p.segSec = L, seg.Seconds()
	limit := s.MaxBuffer
	if limit <= 0 {
		limit = DefaultMaxBuffer
	}
	p.capSec = limit.Seconds()
	p.target = min(p.cfg.TargetBuffer.Seconds(), p.capSec-p.segSec)
	p.mbps = p.mbps[:0]
	p.maxMbps = 0
	for _, v := range s.Variants {
		m := float64(v.Bitrate()) / 1e6
		p.mbps = append(p.mbps, m)
		p.maxMbps = max(p.maxMbps, m)
	}
	for len(p.dt) < L {
		p.dt = append(p.dt, nil)
	}
	for i := 0; i < L; i++ {
		if cap(p.dt[i]) < n {
			p.dt[i] = make([]float64, n)
		}
		p.dt[i] = p.dt[i][:n]
		for q := 0; q < n; q++ {
			p.dt[i][q] = float64(segmentBytesAt(s, q, i, seg)) * 8 / fut
		}
	}
}

// search extends a plan at position i from rung prev with buffer buf (s)
// and reward acc so far; first is the plan's first rung.
func (p *Planner) search(i, prev int, buf, acc float64, first int) {
	if i == p.horizonL {
		if short := p.target - buf; short > 0 {
			acc -= p.cfg.TerminalWeight * short
		}
		if acc > p.best {
			p.best, p.bestQ = acc, first
		}
		return
	}
	if acc+float64(p.horizonL-i)*p.maxMbps <= p.best {
		return // even the top rung everywhere without a stall cannot win
	}
	for q := range p.mbps {
		b, rebuf := buf-p.dt[i][q], 0.0
		if b < 0 {
			rebuf, b = -b, 0
		}
		b = min(b+p.segSec, p.capSec)
		r := p.mbps[q] - planRebufPenalty*rebuf - planSmoothPenalty*math.Abs(p.mbps[q]-p.mbps[prev])
		f := first
		if i == 0 {
			f = q
		}
		p.search(i+1, q, b, acc+r, f)
	}
}
