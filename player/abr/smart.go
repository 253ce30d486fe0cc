package abr

// smart is the default strategy of the player: the startup policy for the
// first segment, then the planner, under the cellular data policy (bitrate
// cap and data budget on a cellular network). Measured with `smartplay sim`
// (docs/BENCHMARKS.md): on the Pensieve training traces it scores 1.28×
// robustMPC's QoE per chunk over chunks 1-47; on halves of the set tuned
// on one half it keeps 1.24-1.37× on the other.
func init() { register("smart", func() Strategy { return NewSmart() }) }

// NewSmart returns the default composition with fresh state.
func NewSmart() Strategy {
	return NewCellular(NewArbiter("smart", Startup{}, NewPlanner(PlannerConfig{})))
}
