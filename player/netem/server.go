package netem

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server timeouts.
const (
	// readHeaderTimeout: a client that sends no request line and headers
	// within this is not an HLS player.
	readHeaderTimeout = 10 * time.Second
	// idleTimeout closes keep-alive connections nobody uses.
	idleTimeout = 2 * time.Minute
	// shutdownGrace: Close lets running responses finish this long, then
	// cuts them (a shaped response may have minutes to go).
	shutdownGrace = time.Second
)

// Server is an emulated origin listening on TCP.
type Server struct {
	h    *Handler
	srv  *http.Server
	ln   net.Listener
	base string
	done chan struct{}
	err  error

	closeOnce sync.Once
	closeErr  error
}

// Start serves cfg on cfg.Addr (default 127.0.0.1 on a free port) until
// Close or ctx's end.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	h, err := NewHandler(cfg)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", h.cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("%w: listen: %v", ErrConfig, err)
	}
	s := &Server{h: h, ln: ln, base: "http://" + ln.Addr().String(), done: make(chan struct{}),
		srv: &http.Server{Handler: h, ReadHeaderTimeout: readHeaderTimeout, IdleTimeout: idleTimeout,
			ErrorLog: slog.NewLogLogger(h.log.Handler(), slog.LevelDebug)}}
	go func() {
		defer close(s.done)
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.err = err
		}
	}()
	go func() {
		select {
		case <-ctx.Done():
			s.Close()
		case <-s.done:
		}
	}()
	return s, nil
}

// URL is the entry playlist's URL; each client that opens it gets a
// session (and link) of its own.
func (s *Server) URL() string { return s.base + "/" + s.h.Entry() }

// SessionURL is the entry playlist's URL in session id (created on first
// use): clients given the same id share one link.
func (s *Server) SessionURL(id string) string {
	return s.base + sessionPrefix + id + "/" + s.h.Entry()
}

// Addr is the listening address (host:port).
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Handler is the server's handler (sessions, links).
func (s *Server) Handler() *Handler { return s.h }

// Done is closed when the server has stopped.
func (s *Server) Done() <-chan struct{} { return s.done }

// Close stops the server: running responses get shutdownGrace to finish,
// then their connections are closed. It returns the server's error, if
// it failed.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		if err := s.srv.Shutdown(ctx); err != nil {
			s.srv.Close()
		}
		<-s.done
		s.closeErr = s.err
	})
	return s.closeErr
}
