package abr

import (
	"fmt"
	"math"
)

// Label names a rendition the way a user knows it: "720p" when the
// playlist gives a resolution, else its bitrate in kbps ("2850k"), else "".
func Label(v Variant) string {
	if v.Height > 0 {
		return fmt.Sprintf("%dp", v.Height)
	}
	if b := v.Bitrate(); b > 0 {
		return fmt.Sprintf("%dk", int64(math.Round(float64(b)/1000)))
	}
	return ""
}

// rungName is Label of variants[i], falling back to "#i" when the
// playlist said nothing about it or i is out of range.
func rungName(variants []Variant, i int) string {
	if i >= 0 && i < len(variants) {
		if l := Label(variants[i]); l != "" {
			return l
		}
	}
	return fmt.Sprintf("#%d", i)
}

// clampVariant limits i to a valid index of a ladder of n renditions
// (0 when the ladder is empty).
func clampVariant(i, n int) int {
	if i >= n {
		i = n - 1
	}
	if i < 0 {
		i = 0
	}
	return i
}
