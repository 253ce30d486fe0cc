// Command smartplay-window is smartplay with its Ebiten window linked in.
// bin/smartplay hands window playback to it (by exec, same arguments);
// it takes every smartplay flag and sub-command but the offline tools (sim,
// report: package internal/cli/tools, linked into bin/smartplay only). It
// needs a display.
package main

import (
	"os"
	"runtime/debug"

	"smartplay/internal/cli"
	_ "smartplay/internal/malloctune" // one malloc arena (see the package)
)

// softwareGLThreads is the number of rasterizer threads Mesa's llvmpipe
// (software GL, used where there is no GPU) may start, unless the user set
// LP_NUM_THREADS. By default it starts one per core; for one video quad a
// frame, handing work to them costs more than it saves: measured with
// 15 s clips under Xvfb on 2 cores, one thread used 15% less CPU at 1080p
// (16.9 vs 20.0 CPU-s, two runs each) and 7% less at 720p, with no dropped frames
// (measured when a YUV shader drew the picture). Re-measured since GL only
// copies it 1:1, three runs each: 1 thread 13.9-14.4 CPU-s, 2 threads
// 14.4-14.8 (RSS 232 vs 229-230 MiB), 0 (none) 14.5-15.2. With a GPU,
// Mesa's llvmpipe is not used and the variable is ignored.
const softwareGLThreads = "1"

// gcPercent is the Go GC's target (GOGC) in the window, unless the user set
// GOGC. Most of the window's live heap is the picture's upload buffers
// Ebiten keeps for reuse (two frames' worth: it draws one frame while the
// next is prepared), and the collector's headroom is a share of it. Measured with the
// 15 s 1080p30 clip under Xvfb (2 cores, loaded machine, A/B twice): peak
// RSS 271-275 MiB at 100, 268 at 50, 262-264 at 25, CPU within noise.
const gcPercent = 25

func main() {
	if os.Getenv("LP_NUM_THREADS") == "" {
		os.Setenv("LP_NUM_THREADS", softwareGLThreads)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr, cli.Binary{Play: playWindow, Compare: compareWindow}))
}
