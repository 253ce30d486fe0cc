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
// next is prepared); they are byte slices the collector does not scan, so
// collecting often is cheap, while its headroom is a share of them.
// Measured with the 15 s clips under Xvfb (2 cores): 100 → 50 → 25 took
// peak RSS from 271-275 to 268 and 262-264 MiB (1080p, before the picture
// was drawn in bands); 25 → 10, four interleaved pairs each: 1080p
// 221.9-223.2 → 219.6-220.3 MiB, 720p 184.8-189.2 → 183.9-187.3, CPU
// 15.7-16.3 vs 14.9-15.5 s at 1080p, no frame dropped.
const gcPercent = 10

func main() {
	if os.Getenv("LP_NUM_THREADS") == "" {
		os.Setenv("LP_NUM_THREADS", softwareGLThreads)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr, cli.Binary{Play: playWindow, Compare: compareWindow}))
}
