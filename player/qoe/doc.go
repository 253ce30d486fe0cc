// Package qoe computes quality-of-experience figures with one definition
// for the player and the simulator (see ../shared/DESIGN.md "QoE"): startup
// delay, stalls (count, time, ratio), time per rendition, share of time at
// 720p and above, mean bitrate and switches.
//
// A Tracker is fed as playback happens (Start, Advance, Switch, Stall,
// Seek) and summarised at the end. It is not safe for concurrent use: the
// goroutine that owns playback state owns the tracker.
package qoe
