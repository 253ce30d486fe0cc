package netem

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Limits of the fault spec language.
const (
	// MaxFaults per spec: a test needs a handful; hundreds is a mistake.
	MaxFaults = 64
	// maxFaultSpecBytes bounds the text parsed.
	maxFaultSpecBytes = 4096
	// maxFaultDuration: an hour of stall or outage is a dead server;
	// longer is a unit mistake.
	maxFaultDuration = time.Hour
	// maxCorruptBytes: a million inverted bytes is noise, not a fault.
	maxCorruptBytes = 1 << 20
)

// ParseFaults parses a fault spec (grammar in doc.go): faults separated
// by commas, each a head ("404", "reset", "stall=8s", …) followed by
// conditions introduced by '@' or ':'. An empty spec has no faults.
func ParseFaults(spec string) ([]Fault, error) {
	if len(spec) > maxFaultSpecBytes {
		return nil, fmt.Errorf("%w: longer than %d bytes", ErrFaultSpec, maxFaultSpecBytes)
	}
	var out []Fault
	for _, text := range strings.Split(spec, ",") {
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		if len(out) == MaxFaults {
			return nil, fmt.Errorf("%w: more than %d faults", ErrFaultSpec, MaxFaults)
		}
		f, err := parseFault(text)
		if err != nil {
			return nil, fmt.Errorf("%w %q: %v", ErrFaultSpec, text, err)
		}
		out = append(out, f)
	}
	return out, nil
}

// parseFault parses one fault: head, then conditions.
func parseFault(text string) (Fault, error) {
	i := strings.IndexAny(text, "@:")
	head, rest := text, ""
	if i >= 0 {
		head, rest = text[:i], text[i:]
	}
	f := Fault{Text: text, Position: DefaultFaultPosition}
	if err := f.parseHead(strings.TrimSpace(head)); err != nil {
		return f, err
	}
	hasPos, hasT := false, false
	for rest != "" {
		rest = rest[1:]
		j := strings.IndexAny(rest, "@:")
		cond := rest
		if j >= 0 {
			cond, rest = rest[:j], rest[j:]
		} else {
			rest = ""
		}
		cond = strings.TrimSpace(cond)
		switch {
		case cond == "":
			return f, fmt.Errorf("empty condition")
		case strings.HasSuffix(cond, "%"):
			if err := f.parsePosition(cond); err != nil {
				return f, err
			}
			hasPos = true
		default:
			if err := f.parseCondition(cond); err != nil {
				return f, err
			}
			hasT = hasT || strings.HasPrefix(cond, "t=")
		}
	}
	return f, f.check(hasPos, hasT)
}

func (f *Fault) parseHead(head string) error {
	name, val, hasVal := strings.Cut(head, "=")
	needVal := func() error {
		if !hasVal || val == "" {
			return fmt.Errorf("%s needs a value (%s=DURATION)", name, name)
		}
		return nil
	}
	noVal := func() error {
		if hasVal {
			return fmt.Errorf("%s takes no value", name)
		}
		return nil
	}
	var err error
	switch name {
	case "reset":
		f.Kind, err = FaultReset, noVal()
	case "truncate":
		f.Kind, err = FaultTruncate, noVal()
	case "playlist-404":
		f.Kind, f.Status, err = FaultPlaylist404, 404, noVal()
	case "stall", "ttfb", "outage":
		f.Kind = map[string]FaultKind{"stall": FaultStall, "ttfb": FaultTTFB, "outage": FaultOutage}[name]
		if err = needVal(); err == nil {
			f.Duration, err = parseFaultDuration(val)
			if err == nil && f.Duration <= 0 {
				err = fmt.Errorf("%s must be longer than 0", name)
			}
		}
	case "corrupt":
		f.Kind, f.Count = FaultCorrupt, DefaultCorruptBytes
		if hasVal {
			f.Count, err = strconv.Atoi(val)
			if err != nil || f.Count < 1 || f.Count > maxCorruptBytes {
				err = fmt.Errorf("corrupt=%s: want a byte count 1-%d", val, maxCorruptBytes)
			}
		}
	default:
		code, cerr := strconv.Atoi(name)
		if cerr != nil || len(name) != 3 {
			return fmt.Errorf("unknown fault %q (want an HTTP status like 404, reset, truncate, stall=D, corrupt, ttfb=D, playlist-404 or outage=D)", name)
		}
		if code < 400 || code > 599 {
			return fmt.Errorf("status %d: want an error status 400-599", code)
		}
		f.Kind, f.Status, err = FaultStatus, code, noVal()
	}
	return err
}

func (f *Fault) parsePosition(cond string) error {
	v, err := strconv.ParseFloat(strings.TrimSuffix(cond, "%"), 64)
	if err != nil || !(v >= 0 && v <= 100) {
		return fmt.Errorf("position %s: want 0%%-100%% of the body", cond)
	}
	if v == 100 && f.Kind != FaultStall {
		return fmt.Errorf("position %s: a %s must strike before the body's end (0%%-99.9%%)", cond, f.Kind)
	}
	f.Position = v / 100
	return nil
}

func (f *Fault) parseCondition(cond string) error {
	key, val, ok := strings.Cut(cond, "=")
	if !ok || val == "" {
		return fmt.Errorf("condition %q: want seg=N, seg=N-M, rend=NAME, p=PROB, t=DURATION, for=DURATION, n=COUNT or P%%", cond)
	}
	var err error
	switch key {
	case "seg":
		lo, hi, isRange := strings.Cut(val, "-")
		f.HasSeg = true
		f.SegFrom, err = strconv.Atoi(lo)
		f.SegTo = f.SegFrom
		if err == nil && isRange {
			f.SegTo, err = strconv.Atoi(hi)
		}
		if err != nil || f.SegFrom < 0 || f.SegTo < f.SegFrom {
			return fmt.Errorf("seg=%s: want a segment number N or a range N-M (N ≤ M, from 0)", val)
		}
	case "rend":
		f.Rendition = val
	case "p":
		f.Prob, err = strconv.ParseFloat(val, 64)
		if err != nil || !(f.Prob > 0 && f.Prob <= 1) {
			return fmt.Errorf("p=%s: want a probability in (0, 1]", val)
		}
	case "t", "for":
		d, err := parseFaultDuration(val)
		if err != nil {
			return err
		}
		if key == "t" {
			f.From = d
		} else if f.For = d; d <= 0 {
			return fmt.Errorf("for=%s must be longer than 0", val)
		}
	case "n":
		f.Max, err = strconv.Atoi(val)
		if err != nil || f.Max < 1 {
			return fmt.Errorf("n=%s: want a count from 1", val)
		}
	default:
		return fmt.Errorf("unknown condition %q (want seg, rend, p, t, for, n or P%%)", key)
	}
	return nil
}

// check rejects conditions that mean nothing for the fault's kind.
func (f *Fault) check(hasPos, hasT bool) error {
	switch f.Kind {
	case FaultOutage:
		if !hasT {
			return fmt.Errorf("outage needs @t=DURATION (when it starts, since the session's start)")
		}
		if f.HasSeg || f.Rendition != "" || f.Prob > 0 || f.For > 0 || f.Max > 0 || hasPos {
			return fmt.Errorf("outage takes only @t= (its length is its value)")
		}
	case FaultPlaylist404:
		if f.HasSeg || hasPos {
			return fmt.Errorf("playlist-404 takes t=, for=, rend=, p= and n=, not seg= or a position")
		}
	case FaultReset, FaultTruncate, FaultStall:
	default:
		if hasPos {
			return fmt.Errorf("a position (P%%) means nothing for %s", f.Kind)
		}
	}
	return nil
}

func parseFaultDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 || d > maxFaultDuration {
		return 0, fmt.Errorf("%q: want a duration like 8s or 500ms, 0-%v", s, maxFaultDuration)
	}
	return d, nil
}
