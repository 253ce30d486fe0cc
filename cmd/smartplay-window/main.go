// Command smartplay-window is smartplay with its Ebiten window linked in.
// bin/smartplay hands window playback to it (by exec, same arguments);
// it takes every smartplay flag and sub-command. It needs a display.
package main

import (
	"os"

	"smartplay/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr, playWindow))
}
