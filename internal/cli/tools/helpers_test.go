package tools

import (
	"io"

	"smartplay/internal/cli"
)

// runCLI runs the command line as bin/smartplay does, tools linked in.
func runCLI(args []string, stdout, stderr io.Writer) int {
	return cli.Run(args, stdout, stderr, cli.Binary{Tools: Commands()})
}
