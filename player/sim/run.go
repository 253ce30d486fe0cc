package sim

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"smartplay/player/abr"
)

// Model is one of the simulator's models.
type Model string

// Models.
const (
	// ModelPensieve is Pensieve's chunk-level simulator exactly (RunPensieve).
	ModelPensieve Model = "pensieve"
	// ModelRealistic is the player's loop over a netem-like link (RunRealistic).
	ModelRealistic Model = "realistic"
)

// StrategySpec names a strategy and builds a fresh instance per session.
type StrategySpec struct {
	Name string
	New  func() abr.Strategy
}

// Specs returns the specs of registered strategies by name; "all" (alone
// or in the list) stands for every registered strategy, and "fixed:R"
// pins rendition R of v: a height ("720p") or a number (1 = lowest, as
// the player's --quality).
func Specs(v *Video, names ...string) ([]StrategySpec, error) {
	var out []StrategySpec
	seen := map[string]bool{}
	add := func(n string) error {
		n = strings.ToLower(strings.TrimSpace(n))
		if n == "" || seen[n] {
			return nil
		}
		if rung, ok := strings.CutPrefix(n, "fixed:"); ok {
			idx, err := pinnedRung(v, rung)
			if err != nil {
				return err
			}
			seen[n] = true
			out = append(out, StrategySpec{Name: n, New: func() abr.Strategy { return abr.NewFixed(idx) }})
			return nil
		}
		if _, err := abr.New(n); err != nil {
			return fmt.Errorf("%w: %w", ErrConfig, err)
		}
		seen[n] = true
		out = append(out, StrategySpec{Name: n, New: func() abr.Strategy { s, _ := abr.New(n); return s }})
		return nil
	}
	for _, n := range names {
		list := []string{n}
		if strings.EqualFold(strings.TrimSpace(n), "all") {
			list = abr.Names()
		}
		for _, m := range list {
			if err := add(m); err != nil {
				return nil, err
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no strategies", ErrConfig)
	}
	return out, nil
}

// pinnedRung resolves "720p" or "3" (1-based) to a rendition index of v.
func pinnedRung(v *Video, rung string) (int, error) {
	if v == nil {
		return 0, fmt.Errorf("%w: fixed:%s needs a video", ErrConfig, rung)
	}
	if n, err := strconv.Atoi(rung); err == nil {
		if n < 1 || n > len(v.Variants) {
			return 0, fmt.Errorf("%w: fixed:%d: the video has renditions 1-%d", ErrConfig, n, len(v.Variants))
		}
		return n - 1, nil
	}
	for i, vr := range v.Variants {
		if strings.EqualFold(abr.Label(vr), rung) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("%w: fixed:%s: no such rendition in %s", ErrConfig, rung, v.Name)
}

// Options configure Run.
type Options struct {
	Model Model // default ModelPensieve
	// Video streamed (default: Envivio for the Pensieve model; required
	// for the realistic model).
	Video      *Video
	Traces     []*Trace
	Strategies []StrategySpec
	// Realistic tunes the realistic model.
	Realistic RealisticConfig
	// Workers run sessions in parallel (default runtime.NumCPU()).
	Workers int
	// Progress, if set, is called after each session with the number done
	// and the total, from one goroutine at a time.
	Progress func(done, total int)
}

// Result is a run's sessions, ordered by strategy (as given), trace (as
// given) and offset, and a summary per strategy in the same order.
type Result struct {
	Sessions  []*Session
	Summaries []Summary
}

// job is one strategy's sessions on one trace.
type job struct {
	spec    StrategySpec
	trace   *Trace
	offsets []float64
	first   int // index of its first session in the result
}

// Run simulates every strategy over every trace on a pool of workers.
// Sessions are independent (a fresh strategy each), so the result does
// not depend on the number of workers.
func Run(ctx context.Context, o Options) (*Result, error) {
	if o.Model == "" {
		o.Model = ModelPensieve
	}
	if o.Video == nil && o.Model == ModelPensieve {
		o.Video = Envivio()
	}
	switch {
	case o.Model != ModelPensieve && o.Model != ModelRealistic:
		return nil, fmt.Errorf("%w: model %q (want pensieve or realistic)", ErrConfig, o.Model)
	case o.Video == nil:
		return nil, fmt.Errorf("%w: the realistic model needs a video", ErrConfig)
	case len(o.Traces) == 0:
		return nil, fmt.Errorf("%w: no traces", ErrConfig)
	case len(o.Strategies) == 0:
		return nil, fmt.Errorf("%w: no strategies", ErrConfig)
	}
	if err := o.Video.check(); err != nil {
		return nil, err
	}
	links := make(map[*Trace]*Link, len(o.Traces))
	for _, t := range o.Traces {
		if err := t.check(); err != nil {
			return nil, err
		}
		if o.Model == ModelRealistic {
			l, err := NewLink(t)
			if err != nil {
				return nil, err
			}
			links[t] = l
		}
	}
	// A job is one strategy on one trace: its sessions (one in the
	// Pensieve model; one per offset, in order, in the realistic model, so
	// that a session can hand its memory to the next).
	var jobs []job
	total := 0
	for _, sp := range o.Strategies {
		for _, t := range o.Traces {
			offsets := []float64{0}
			if o.Model == ModelRealistic {
				offsets = RealisticOffsets(t, o.Video, o.Realistic)
			}
			jobs = append(jobs, job{sp, t, offsets, total})
			total += len(offsets)
		}
	}
	out := make([]*Session, total)
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	g, ctx := errgroup.WithContext(ctx)
	next := make(chan int)
	var mu sync.Mutex
	done := 0
	g.Go(func() error {
		defer close(next)
		for i := range jobs {
			select {
			case next <- i:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	for range workers {
		g.Go(func() error {
			for i := range next {
				j := jobs[i]
				err := runJob(o, j, links[j.trace], func(k int, s *Session) {
					out[j.first+k] = s
					if o.Progress != nil {
						mu.Lock()
						done++
						o.Progress(done, total)
						mu.Unlock()
					}
				})
				if err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return &Result{Sessions: out, Summaries: Summarize(out)}, nil
}

// runJob simulates j's sessions in order, handing each to put.
func runJob(o Options, j job, l *Link, put func(k int, s *Session)) error {
	last := o.Realistic.Last
	for k, off := range j.offsets {
		st := j.spec.New()
		var (
			s   *Session
			mem *abr.SessionMemory
			err error
		)
		if o.Model == ModelRealistic {
			s, mem, err = runRealistic(st, l, j.trace.Name, o.Video, o.Realistic, off, last)
			if o.Realistic.Remember {
				last = mem
			}
		} else {
			s, err = RunPensieve(st, j.trace, o.Video)
		}
		if err != nil {
			return fmt.Errorf("%s on %s: %w", j.spec.Name, j.trace.Name, err)
		}
		s.Strategy = j.spec.Name
		put(k, s)
	}
	return nil
}
