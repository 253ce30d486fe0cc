package source

import (
	"errors"
	"math/rand/v2"
	"time"
)

// DefaultAttemptTimeout bounds one attempt of a request from start to
// last byte, on top of the stall timeout (which a server that trickles a
// byte now and then never trips): two minutes is a 10 s 1080p segment at
// 300 kbit/s; slower than that the rendition is not playable and a
// failed attempt (retried, then one rung lower) is the better outcome.
const DefaultAttemptTimeout = 2 * time.Minute

// ErrAttemptTimeout: an attempt did not finish within the attempt
// timeout (it is retried, as a stall is).
var ErrAttemptTimeout = errors.New("request took too long")

// jittered is the wait before a retry whose exponential backoff is
// backoff: drawn uniformly from [backoff/2, backoff) by r in [0, 1)
// ("equal jitter"). Clients that failed together (a server restart, a
// cell hand-over) spread their retries instead of striking again at once,
// and the wait still doubles per retry. r outside [0, 1) is clamped.
func jittered(backoff time.Duration, r float64) time.Duration {
	if !(r > 0) { // also NaN
		r = 0
	}
	r = min(r, 1)
	half := backoff / 2
	return half + time.Duration(float64(backoff-half)*r)
}

// defaultJitter draws the retry jitter (math/rand/v2's global source is
// safe for concurrent use).
func defaultJitter() float64 { return rand.Float64() }
