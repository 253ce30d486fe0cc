package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"smartplay/assets"
)

// serveBuiltin generates (once; cached) the built-in ladder and serves it
// on 127.0.0.1 at a free port. It returns the master playlist's URL and a
// function that stops the server.
func serveBuiltin(ctx context.Context, stderr io.Writer) (string, func(), error) {
	dir, err := assets.Ensure(ctx, assets.Options{Progress: stderr})
	if err != nil {
		return "", nil, fmt.Errorf("built-in stream: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("built-in stream: %w", err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir)), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(stderr, "smartplay: built-in server: %v\n", err)
		}
	}()
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}
	return "http://" + ln.Addr().String() + "/master.m3u8", stop, nil
}
