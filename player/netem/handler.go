package netem

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"
)

// sessionPrefix starts every session's URLs: /s/<id>/<path in the tree>.
const sessionPrefix = "/s/"

// Handler is the emulated origin as an http.Handler. A request outside
// /s/<id>/ starts a new session: it is redirected (302) to the same path
// under a fresh id, so each client that opens the entry URL gets its own
// link, and relative playlist URIs keep it on that link. A path under
// /s/<id>/ with an id not seen before starts a session of that id (tests
// and side-by-side views may choose their ids).
type Handler struct {
	cfg      Config
	index    *segIndex
	sessions sessions
	log      *slog.Logger
	outages  []Outage
}

// NewHandler checks cfg and returns the handler.
func NewHandler(cfg Config) (*Handler, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Handler{cfg: cfg, index: newSegIndex(cfg.FS), sessions: sessions{m: map[string]*session{}},
		log: cfg.Logger, outages: outagesOf(cfg.Faults)}, nil
}

// Entry is the entry playlist's path inside the tree.
func (h *Handler) Entry() string { return h.cfg.Entry }

// SessionLink returns the link of session id, if it exists.
func (h *Handler) SessionLink(id string) (*Link, bool) {
	s, ok := h.sessions.lookup(id)
	if !ok {
		return nil, false
	}
	return s.link, true
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, sessionPrefix)
	if !ok {
		h.redirect(w, r)
		return
	}
	id, name, _ := strings.Cut(rest, "/")
	if !sessionIDPattern.MatchString(id) {
		http.Error(w, "bad session id", http.StatusNotFound)
		return
	}
	now := h.cfg.Clock.Now()
	s, created, err := h.sessions.get(id, now, func() *session {
		return &session{id: id, link: NewLink(now, h.cfg.Trace, h.outages...), attempts: map[string]int{},
			struck: make([]int, len(h.cfg.Faults))}
	})
	if err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	if created {
		h.log.Info("netem: new session", "session", id, "remote", r.RemoteAddr)
	}
	s.enter(now)
	defer func() { s.leave(h.cfg.Clock.Now()) }()
	h.serve(r.Context(), w, r, s, name)
}

// redirect sends a request outside any session to the same path in a new
// session. It answers at once: the redirect is the emulator's bookkeeping,
// not part of the emulated network, so a client's first request still
// measures one RTT (net/http reports the final response's first byte).
func (h *Handler) redirect(w http.ResponseWriter, r *http.Request) {
	target := sessionPrefix + h.sessions.newID() + "/" + strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	w.Header().Set("Location", target)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusFound)
}

// serve answers one request of session s for name (a path in the tree).
func (h *Handler) serve(ctx context.Context, w http.ResponseWriter, r *http.Request, s *session, name string) {
	start := h.cfg.Clock.Now()
	name = strings.TrimPrefix(path.Clean("/"+name), "/")
	if name == "" {
		name = "."
	}
	res := resource{path: name, playlist: path.Ext(name) == ".m3u8"}
	if ref, ok := h.index.lookup(name); ok {
		res.segment, res.rendition, res.seq = true, ref.rendition, ref.seq
	} else if res.playlist {
		res.rendition = renditionOf(name)
	}
	res.attempt = s.attempt(name)
	p := h.plan(s, res, start.Sub(s.link.Start()))
	if len(p.struck) > 0 {
		h.log.Info("netem: injected fault", "session", s.id, "path", name, "attempt", res.attempt, "faults", strings.Join(p.struck, " + "))
	}
	if h.cfg.Clock.SleepUntil(ctx, start.Add(h.cfg.RTT+p.extraTTFB)) != nil {
		return
	}
	if p.status != 0 {
		body := fmt.Sprintf("netem: injected fault: HTTP %d\n", p.status)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		w.WriteHeader(p.status)
		if r.Method != http.MethodHead {
			w.Write([]byte(body))
		}
		return
	}
	h.serveFile(ctx, w, r, s, res, p)
	h.log.Debug("netem: served", "session", s.id, "path", name, "took", h.cfg.Clock.Now().Sub(start))
}

// plan collects the faults that strike this request.
func (h *Handler) plan(s *session, res resource, elapsed time.Duration) plan {
	p := plan{cutFrac: -1}
	for i, f := range h.cfg.Faults {
		if !f.matches(res, elapsed) {
			continue
		}
		if f.Prob > 0 && draw(h.cfg.Seed, i, res.path, res.attempt, 0) >= f.Prob {
			continue
		}
		if !s.strike(i, f.Max) {
			continue
		}
		p.add(f)
	}
	return p
}
