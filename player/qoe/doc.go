// Package qoe computes quality-of-experience figures with one definition
// for the player and the simulator (../shared/DESIGN.md "QoE"): startup
// delay, stalls (count, time, ratio), time per rendition, share of time at
// 720p and above, mean bitrate, switches (up, down), oscillations, QoE_lin
// per segment (Pensieve, MPC) and its per-chunk means, and the three bad
// cases.
//
// A Tracker is fed in one of two ways that give the same Summary:
//
//   - The simulator calls Played once per segment, in order, with the
//     rendition, the rebuffering before it (the startup delay for the
//     first) and the buffer and measured throughput when its rendition was
//     decided.
//   - The player feeds what it sees: Queued for each downloaded segment
//     (with the buffer and throughput at its decision), Start at the first
//     frame, Advance as the clock moves, Switch when another rendition
//     shows, Stall at the end of each stall (attributed to the segment it
//     waited for), Seek and Dropped. A segment counts once the playhead
//     passes its start.
//
// A Tracker is not safe for concurrent use: the goroutine that owns
// playback state owns the tracker (the player guards it with its lock).
package qoe
