// Command benchplayers is `make bench`: it plays the same 1080p30 and
// 720p30 clips (smartplay/assets) with smartplay (window and headless),
// ffplay and mpv under a private Xvfb, and measures for each run
//
//   - CPU seconds per second played: user+system time of the player
//     process from wait4's rusage, over the media time the player says it
//     played; the X server's CPU over the same run is shown beside it,
//     because drawing is partly done there;
//   - peak RSS: ru_maxrss of the player process;
//   - dropped frames as each player counts them (smartplay: session_end
//     qoe.dropped_frames; mpv: frame-drop-count + decoder-frame-drop-count
//     through mpv_bench.lua; ffplay: "fd=" of its last status line);
//   - time to first frame from an HLS media playlist served on
//     127.0.0.1: process start → the coloured test picture in Xvfb's
//     framebuffer (Xvfb -fbdir, mapped and sampled every 2 ms), and
//     process start → the first frame as the player reports it (mpv's
//     playback-restart, smartplay's first_frame event).
//
// Each measurement is repeated (--reps, default 3) and medians reported.
//
//	benchplayers paths                 # generate/find the clips and ladder, print paths
//	benchplayers run --write docs/BENCHMARKS.md
//
// docs/BENCHMARKS.md explains the method and holds the last run's tables.
package main
