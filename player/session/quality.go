package session

import (
	"fmt"
	"strconv"
	"strings"

	"smartplay/player/abr"
)

// Auto is the quality value of smart mode: the strategy picks each segment.
const Auto = -1

// ParseQuality turns a --quality value into a rendition index (0-based,
// ascending) or Auto. It accepts "auto", a height such as "720p", or a
// 1-based rendition number n as the keys 1..9 use.
func ParseQuality(q string, variants []abr.Variant) (int, error) {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" || q == "auto" {
		return Auto, nil
	}
	if h, ok := strings.CutSuffix(q, "p"); ok {
		height, err := strconv.Atoi(h)
		if err != nil {
			return 0, fmt.Errorf("%w: %q (want auto, a height like 720p, or 1..%d)", ErrBadQuality, q, len(variants))
		}
		best := -1
		for i, v := range variants {
			if v.Height == height {
				best = i // the highest-bitrate rendition of that height
			}
		}
		if best < 0 {
			return 0, fmt.Errorf("%w: no %dp rendition (have %s)", ErrBadQuality, height, heights(variants))
		}
		return best, nil
	}
	n, err := strconv.Atoi(q)
	if err != nil || n < 1 || n > len(variants) {
		return 0, fmt.Errorf("%w: %q (want auto, a height like 720p, or 1..%d)", ErrBadQuality, q, len(variants))
	}
	return n - 1, nil
}

func heights(vs []abr.Variant) string {
	var parts []string
	for _, v := range vs {
		if v.Height > 0 {
			parts = append(parts, fmt.Sprintf("%dp", v.Height))
		}
	}
	if len(parts) == 0 {
		return "no resolutions declared"
	}
	return strings.Join(parts, ", ")
}
