// Package tools holds smartplay's offline sub-commands, `smartplay sim`
// and `smartplay report`. They live apart from package cli so that only
// bin/smartplay links them: they bring gonum/plot and its fonts, which
// bin/smartplay-window (the binary that plays in a window) would otherwise
// carry as ~6 MiB of resident memory it never uses.
package tools

import "smartplay/internal/cli"

// Commands are the tools by sub-command name, for cli.Binary.Tools.
func Commands() map[string]cli.Command {
	return map[string]cli.Command{"sim": Sim, "report": Report}
}
