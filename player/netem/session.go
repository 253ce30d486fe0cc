package netem

import (
	"fmt"
	"regexp"
	"strconv"
	"sync"
	"time"
)

// Session limits.
const (
	// MaxSessions kept at once; beyond it the least recently used idle
	// session is forgotten (a player comes back to a fresh link).
	MaxSessions = 1024
	// maxAttemptPaths bounds a session's per-path request counts; a
	// session that asks for more distinct paths starts counting afresh.
	maxAttemptPaths = 1 << 16
)

// sessionIDPattern: ids are path-safe and short.
var sessionIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// session is one client's state: its link and what faults did so far.
type session struct {
	id   string
	link *Link

	mu       sync.Mutex
	attempts map[string]int // requests per path so far
	struck   []int          // times each fault struck
	active   int            // requests being served
	lastUse  time.Time
}

// attempt counts a request of p and returns how many came before it.
func (s *session) attempt(p string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.attempts) >= maxAttemptPaths {
		clear(s.attempts)
	}
	n := s.attempts[p]
	s.attempts[p] = n + 1
	return n
}

// strike records that fault i struck, unless it reached its limit.
func (s *session) strike(i, limit int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if limit > 0 && s.struck[i] >= limit {
		return false
	}
	s.struck[i]++
	return true
}

func (s *session) enter(now time.Time) {
	s.mu.Lock()
	s.active++
	s.lastUse = now
	s.mu.Unlock()
}

func (s *session) leave(now time.Time) {
	s.mu.Lock()
	s.active--
	s.lastUse = now
	s.mu.Unlock()
}

// sessions is the table of sessions by id.
type sessions struct {
	mu     sync.Mutex
	m      map[string]*session
	nextID uint64
}

// newID returns an id no session has.
func (t *sessions) newID() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	for {
		t.nextID++
		id := strconv.FormatUint(t.nextID, 10)
		if _, taken := t.m[id]; !taken {
			return id
		}
	}
}

// get returns session id, creating it (with a link starting now) when
// new; it fails when the table is full of busy sessions.
func (t *sessions) get(id string, now time.Time, mk func() *session) (*session, bool, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if s, ok := t.m[id]; ok {
		return s, false, nil
	}
	if len(t.m) >= MaxSessions && !t.evictLocked() {
		return nil, false, fmt.Errorf("%d sessions busy", len(t.m))
	}
	s := mk()
	t.m[id] = s
	return s, true, nil
}

// evictLocked forgets the least recently used idle session.
func (t *sessions) evictLocked() bool {
	var oldest *session
	var oldestUse time.Time
	for _, s := range t.m {
		s.mu.Lock()
		idle, last := s.active == 0, s.lastUse
		s.mu.Unlock()
		if idle && (oldest == nil || last.Before(oldestUse)) {
			oldest, oldestUse = s, last
		}
	}
	if oldest == nil {
		return false
	}
	delete(t.m, oldest.id)
	return true
}

func (t *sessions) lookup(id string) (*session, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	s, ok := t.m[id]
	return s, ok
}
