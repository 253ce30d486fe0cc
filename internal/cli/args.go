package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// Reorder moves flags in front of positional arguments, so that
// "smartplay URL --headless" works like "smartplay --headless URL" (the
// flag package stops at the first positional argument). boolFlags names
// the flags that take no value; every other flag written without "="
// takes the next argument as its value. "--" ends flag parsing.
func Reorder(args []string, boolFlags map[string]bool) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") || boolFlags[name] {
			continue
		}
		if i+1 < len(args) {
			flags = append(flags, args[i+1])
			i++
		}
	}
	if len(pos) > 0 {
		flags = append(flags, "--")
	}
	return append(flags, pos...)
}

// parseOneInput parses a command's flags (anywhere among its arguments,
// see Reorder) and allows at most one input. done says the command ends
// here, with exit status code: 0 after --help, 1 on a bad flag (the flag
// package printed why) or on more than one input (prefix names the
// command in that error line).
func parseOneInput(fs *flag.FlagSet, args []string, boolFlags map[string]bool, stderr io.Writer, prefix string) (code int, done bool) {
	if err := fs.Parse(Reorder(args, boolFlags)); err != nil {
		if err == flag.ErrHelp {
			return 0, true
		}
		return 1, true
	}
	if fs.NArg() > 1 {
		return Fail(stderr, fmt.Errorf("%sone input at a time (got %d)", prefix, fs.NArg())), true
	}
	return 0, false
}
