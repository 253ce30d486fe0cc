// Package sim is smartplay's trace-driven simulator: it runs the player's
// adaptive-bitrate strategies (player/abr, the same code the player runs)
// over recorded network traces in virtual time, and scores them with one
// set of QoE figures. `smartplay sim` is its command line.
//
//	traces, _ := sim.LoadTraces("traces/pensieve-train")      // files or directories, formats detected
//	specs, _ := sim.Specs(nil, "bb", "robustmpc")               // fresh strategy per session
//	res, _ := sim.Run(ctx, sim.Options{Model: sim.ModelPensieve, Traces: traces, Strategies: specs})
//	sim.WriteTable(os.Stdout, res.Summaries)
//
// # Models
//
// ModelPensieve (RunPensieve) is Pensieve's chunk-level simulator exactly,
// as ../shared/abr/SIMULATOR.md describes it: Pensieve's video (Envivio: 48
// chunks of 4 s, 49 sizes per rendition), chunk 0 at level 1 without asking
// the strategy, the 0.95 payload factor, one 80 ms RTT per chunk, a 60 s
// buffer drained in 500 ms sleeps, traces read row by row with the wrap to
// row 1 at time 0, one session per trace with fresh state, QoE_lin per
// chunk in Pensieve's float arithmetic. Its per-chunk logs equal Pensieve's
// (golden-chunks-train.csv) bit for bit.
//
// ModelRealistic (RunRealistic) is the player's loop in virtual time over
// a link with player/netem's semantics (the trace's bytes, looping, an idle
// link banks nothing, the RTT before every first byte): playlists first,
// the buffer limit of player/source, the strategy's startup decision,
// download deadlines with abort and refetch lower (source.EmergencyVariant,
// the player's own rule), stalls whenever
// the playhead catches up with the downloads. Sessions as long as the video
// tile each trace (RealisticConfig.Stride).
//
// A strategy sees the abr.Snapshot the player would build: Buffer, Samples
// (bytes, duration with the RTT, TTFB), NextSizes, Current, SegmentIndex,
// SegmentCount, SegmentDuration, MaxBuffer and, in the realistic model, the
// Network hint; SegmentObserver and Resetter are honoured.
//
// # Traces
//
// ParseTrace reads Pensieve's "seconds Mbit/s" rows (kept exactly),
// Mahimahi packet timestamps (through player/netem's parser), the Ghent
// 4G/LTE JSON logs, NYU-METS CSVs (2018 and 2020) and UCC 5G G-NetTrack
// CSVs, all into Pensieve's row form (Trace).
//
// # QoE
//
// Each chunk's QoE_lin is qoe.Reward (bitrate Mbit/s − 4.3 × rebuffer s −
// |Δ bitrate| Mbit/s, bit for bit Pensieve's arithmetic), chunk 0's
// rebuffer being the startup delay as in Pensieve. Session.Metrics feeds
// the played segments to a player/qoe Tracker (Played), so stalls, HD
// share, switches, oscillations and the bad cases of ../shared/DESIGN.md
// have the player's definitions and code; each segment carries the
// buffer and the measured throughput (qoe.MeasuredThroughput of the
// downloads so far) its decision saw.
//
// Sessions are independent, so Run spreads them over a worker pool and
// its result does not depend on the number of workers.
package sim
