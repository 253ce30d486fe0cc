package abr

// smart is the default strategy of the player, an Arbiter of three
// members under the cellular data policy (bitrate cap and data budget on
// a cellular network):
//
//   - HDStart decides the first segment: the startup policy, or an HD
//     attempt under a deadline when nothing says the link is weak;
//   - the Planner decides every later one (model-predictive control on
//     QoE_lin; upswitches get UpswitchDeadline);
//   - the UpswitchGuard caps the planner's upswitches at what a
//     pessimistic rate still downloads with buffer to spare.
//
// Measured with `smartplay sim` (docs/BENCHMARKS.md, "Smart tier in the
// simulator"): on the Pensieve training traces it scores ≥ 1.25×
// robustMPC's QoE per chunk over chunks 1-47; on the LTE/4G traces
// (realistic model) it keeps ≥ 80% of the time in HD with the fewest bad
// cases of the registered strategies.
func init() { register("smart", func() Strategy { return NewSmart() }) }

// SmartConfig tunes smart's members; the zero value is the default.
type SmartConfig struct {
	Planner PlannerConfig
	Guard   GuardConfig
	// ConservativeStart uses the plain startup policy (Startup) instead of
	// HDStart for the first segment.
	ConservativeStart bool
	// NoGuard leaves the UpswitchGuard out.
	NoGuard bool
}

// NewSmart returns the default composition with fresh state.
func NewSmart() Strategy { return NewSmartWith(SmartConfig{}) }

// NewSmartWith returns smart tuned by cfg, with fresh state.
func NewSmartWith(cfg SmartConfig) Strategy {
	var start Strategy = HDStart{}
	if cfg.ConservativeStart {
		start = Startup{}
	}
	members := []Strategy{start, NewPlanner(cfg.Planner)}
	if !cfg.NoGuard {
		members = append(members, NewUpswitchGuard(cfg.Guard))
	}
	return NewCellular(NewArbiter("smart", members...))
}
