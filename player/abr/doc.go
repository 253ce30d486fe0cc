// Package abr holds the rendition-selection strategies of the smart tier.
//
// It is pure Go and imports nothing from source, decode or render: a
// strategy sees a plain Snapshot of values and returns a Decision, so the
// same code runs in the player (player/source's controller builds the
// snapshot before each segment download) and in the trace-driven simulator.
//
// One strategy per file; optional behaviour is an extra one-method
// interface checked by type assertion (Resetter, SegmentObserver).
//
// # Strategies (abr.New(name), abr.Names())
//
//   - fixed: one rendition, as a quality menu set by hand (fixed.go).
//   - throughput: the highest rendition within 0.8 × the dual-EWMA
//     estimate (throughput.go).
//   - bba: Huang et al.'s buffer-based BBA-0 rate map, BBA-1's chunk map
//     when segment sizes are known (bba.go).
//   - bola: BOLA-E as dash.js runs it, i.e. Bola beside the
//     InsufficientBuffer rule behind an Arbiter (bola.go, insufficient.go).
//   - rules: a discrete-rules engine over a JSON rule set, the embedded
//     rules_default.json by default (rules.go, rules_config.go); NewRules
//     takes a user's set.
//   - bb, robustmpc: Pensieve's baselines (bb.go, robustmpc.go); smart, the
//     default, is a composition chosen by measurement (smart.go): HDStart
//     (startup_hd.go), the Planner (planner.go) and the UpswitchGuard
//     (upswitch_guard.go) behind an Arbiter, under the cellular policy.
//
// # Policies shared by the strategies
//
//   - StartupDecision (startup.go): the first segment's rendition from the
//     network type and signal, the last session (with expiry) and the
//     playlist requests' latency and rate: the highest whose first segment
//     downloads in half its duration under a conservative estimate.
//   - DownloadDeadline (deadline.go): each download's deadline, set by need
//     from the buffer and the expected download time; none when the
//     buffer is under one segment or at the lowest rendition.
//     UpswitchDeadline (deadline.go) cuts an upswitch sooner, while the
//     current rendition's segment still fits in the buffer.
//   - Estimators (estimator.go, harmonic.go, percentile.go): DualEWMA,
//     HarmonicMean, SlidingPercentile behind the Estimator interface; all
//     recompute from the snapshot's samples, so decisions replay exactly.
//
// # Composing
//
// NewArbiter(name, members...) asks every member on every segment and
// follows the decision of the highest Priority, the lowest rendition
// among those (the safest; a member can so act as a cap), the first
// listed on a tie; members may abstain with Abstain / NoOpinion. The
// winner's reason is prefixed with its name. It forwards Observe and
// Reset. For example, a startup policy ahead of BOLA and a rule set that
// only speaks in emergencies:
//
//	s := abr.NewArbiter("mine", abr.Startup{}, abr.NewBolaE(abr.BolaConfig{}), myCriticalRules)
//
// NewCellular(inner) wraps any strategy with the cellular data policy
// (Snapshot.CellularCap and the DataBudget spread over the media left);
// it is transparent off cellular networks.
package abr
