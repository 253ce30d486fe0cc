package netem

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"sort"
	"time"
)

// FaultKind is what a fault does.
type FaultKind string

// Fault kinds; the spec words are in doc.go.
const (
	FaultStatus      FaultKind = "status"       // an HTTP error status instead of the segment
	FaultReset       FaultKind = "reset"        // TCP reset partway through the body
	FaultTruncate    FaultKind = "truncate"     // body cut short, connection closed
	FaultStall       FaultKind = "stall"        // body pauses for Duration partway
	FaultCorrupt     FaultKind = "corrupt"      // Count bytes of the body inverted
	FaultTTFB        FaultKind = "ttfb"         // first byte Duration later
	FaultPlaylist404 FaultKind = "playlist-404" // playlists answer 404
	FaultOutage      FaultKind = "outage"       // the link delivers nothing for Duration
)

// Fault defaults.
const (
	// DefaultFaultPosition: reset, truncate and stall strike halfway
	// through the body unless a P% condition says where.
	DefaultFaultPosition = 0.5
	// DefaultCorruptBytes: enough scattered bytes to break a few packets
	// of a segment (a decoder must cope), few enough to find by diffing.
	DefaultCorruptBytes = 64
)

// Fault is one parsed fault of a spec. Zero conditions match everything.
type Fault struct {
	// Text is the fault as written, for logs and messages.
	Text string
	Kind FaultKind
	// Status for FaultStatus (400-599).
	Status int
	// Duration: the pause (stall), the extra delay (ttfb), the outage.
	Duration time.Duration
	// Count: bytes to corrupt.
	Count int
	// Position: where in the body reset, truncate and stall strike, as a
	// fraction of its length (default DefaultFaultPosition).
	Position float64

	// SegFrom..SegTo (inclusive) are the media sequence numbers matched;
	// HasSeg false means any segment.
	HasSeg         bool
	SegFrom, SegTo int
	// Rendition matches the rendition's name ("" any): the media
	// playlist's directory (720p) or file name without extension.
	Rendition string
	// Prob is the chance per request (0 = always), drawn from the seed.
	Prob float64
	// From and For are the window since the session's start in which the
	// fault is active (For 0: until the end).
	From, For time.Duration
	// Max limits how often the fault strikes per session (0 = no limit).
	Max int
}

// onSegments reports whether the fault acts on segment requests.
func (f Fault) onSegments() bool {
	return f.Kind != FaultPlaylist404 && f.Kind != FaultOutage
}

// resource is what a request asks for, as faults see it.
type resource struct {
	path      string // inside the served tree
	playlist  bool
	segment   bool // a media segment listed in a media playlist
	rendition string
	seq       int
	attempt   int // earlier requests of this path in the session
}

// matches reports whether f applies to r at elapsed time since the
// session's start (before the probability and count limits).
func (f Fault) matches(r resource, elapsed time.Duration) bool {
	switch {
	case f.Kind == FaultOutage:
		return false
	case f.Kind == FaultPlaylist404 && !r.playlist:
		return false
	case f.onSegments() && !r.segment:
		return false
	case elapsed < f.From || f.For > 0 && elapsed >= f.From+f.For:
		return false
	case f.Rendition != "" && f.Rendition != r.rendition:
		return false
	case f.HasSeg && (r.seq < f.SegFrom || r.seq > f.SegTo):
		return false
	}
	return true
}

// draw is a uniform number in [0, 1) fixed by the seed, the fault, the
// resource and the attempt: the same session replays the same faults, and
// a retry draws again.
func draw(seed int64, fault int, path string, attempt int, salt uint64) float64 {
	return float64(mix(seed, fault, path, attempt, salt)>>11) / (1 << 53)
}

func mix(seed int64, fault int, path string, attempt int, salt uint64) uint64 {
	h := fnv.New64a()
	var b [8]byte
	for _, v := range []uint64{uint64(seed), uint64(fault), uint64(attempt), salt} {
		binary.LittleEndian.PutUint64(b[:], v)
		h.Write(b[:])
	}
	h.Write([]byte(path))
	return splitmix(h.Sum64())
}

// splitmix is SplitMix64's finaliser: spreads every input bit.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// stallAt is a pause of the body at byte pos.
type stallAt struct {
	pos int64
	d   time.Duration
}

// plan is what the faults that struck do to one response.
type plan struct {
	status    int           // error status instead of the body (0 none)
	extraTTFB time.Duration // added before the first byte
	cutFrac   float64       // where to cut the body (-1 none)
	reset     bool          // cut with a TCP reset (else a clean close)
	stalls    []stallFrac
	corrupt   int      // bytes to invert
	struck    []string // texts of the faults that struck
}

type stallFrac struct {
	frac float64
	d    time.Duration
}

func (p *plan) add(f Fault) {
	p.struck = append(p.struck, f.Text)
	switch f.Kind {
	case FaultStatus, FaultPlaylist404:
		if p.status == 0 {
			p.status = f.Status
		}
	case FaultTTFB:
		p.extraTTFB += f.Duration
	case FaultReset, FaultTruncate:
		if p.cutFrac < 0 || f.Position < p.cutFrac {
			p.cutFrac, p.reset = f.Position, f.Kind == FaultReset
		}
	case FaultStall:
		p.stalls = append(p.stalls, stallFrac{f.Position, f.Duration})
	case FaultCorrupt:
		p.corrupt += f.Count
	}
}

// stallsAt converts the stall positions to byte offsets of a body of size
// bytes, in order.
func (p *plan) stallsAt(size int64) []stallAt {
	out := make([]stallAt, 0, len(p.stalls))
	for _, s := range p.stalls {
		out = append(out, stallAt{int64(math.Floor(s.frac * float64(size))), s.d})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].pos < out[j].pos })
	return out
}

// cutAt is the byte offset of the cut (-1 none).
func (p *plan) cutAt(size int64) int64 {
	if p.cutFrac < 0 {
		return -1
	}
	return int64(math.Floor(p.cutFrac * float64(size)))
}

// corruptOffsets picks p.corrupt distinct offsets of a body of size bytes,
// sorted, from the seed, the resource and the attempt.
func corruptOffsets(n int, size int64, seed int64, path string, attempt int) []int64 {
	if n <= 0 || size <= 0 {
		return nil
	}
	n = int(min(int64(n), size))
	out := make([]int64, 0, n)
	if int64(n)*2 >= size {
		// Half the body or more: drawing distinct offsets would take long
		// to find the last free ones; take the first n bytes instead.
		for o := int64(0); o < int64(n); o++ {
			out = append(out, o)
		}
		return out
	}
	seen := make(map[int64]bool, n)
	x := mix(seed, -1, path, attempt, 0)
	for len(out) < n {
		x = splitmix(x)
		o := int64(x % uint64(size))
		if !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
