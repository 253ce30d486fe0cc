// Command smartplay plays HLS streams (and local media files) with a smart
// quality mode that picks the rendition of every segment.
//
//	smartplay [flags] [URL|FILE]       play (no input: the built-in test stream)
//	smartplay probe [--json] URL|PATH  what the player understands of a playlist
//
// This binary links no window system, so it runs anywhere; window
// playback is handed to smartplay-window (see internal/cli). Exit status:
// 0 success, 1 failure with one line on stderr. A panic (2) is a bug.
package main

import (
	"os"

	"smartplay/internal/cli"
	"smartplay/internal/cli/tools"
	_ "smartplay/internal/malloctune" // one malloc arena (see the package)
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr, cli.Binary{Tools: tools.Commands()}))
}
