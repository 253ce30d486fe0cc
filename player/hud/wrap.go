package hud

import "strings"

// ellipsis ends a trimmed line.
const ellipsis = "…"

// Wrap breaks s into lines of at most width characters (runes) at spaces,
// splitting words longer than a line, and keeps at most maxLines: when
// more would be needed the last kept line ends with "…". An empty s gives
// no lines.
func Wrap(s string, width, maxLines int) []string {
	if width < 2 || maxLines < 1 {
		return nil
	}
	var lines []string
	var cur []rune
	flush := func() {
		lines = append(lines, string(cur))
		cur = cur[:0]
	}
	for _, w := range strings.Fields(s) {
		word := []rune(w)
		for len(word) > 0 {
			switch room := width - len(cur); {
			case len(cur) > 0 && len(word)+1 <= room:
				cur = append(append(cur, ' '), word...)
				word = nil
			case len(cur) == 0 && len(word) <= width:
				cur = append(cur, word...)
				word = nil
			case len(cur) > 0 && len(word) <= width:
				flush() // the word fits on the next line
			default: // longer than a line: split it
				if len(cur) > 0 {
					cur = append(cur, ' ')
				}
				n := width - len(cur)
				if n <= 0 {
					flush()
					continue
				}
				cur = append(cur, word[:n]...)
				word = word[n:]
				flush()
			}
		}
	}
	if len(cur) > 0 {
		flush()
	}
	if len(lines) > maxLines {
		last := []rune(lines[maxLines-1])
		if len(last) >= width {
			last = last[:width-1]
		}
		lines = append(lines[:maxLines-1], string(last)+ellipsis)
	}
	return lines
}
