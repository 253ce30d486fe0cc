package cli

import "strings"

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
