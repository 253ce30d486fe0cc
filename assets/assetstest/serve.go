// Package assetstest serves the built-in ladder to tests: generated once
// (cached, like every assets user) and served by a real HTTP server on
// 127.0.0.1 that the test's cleanup closes.
package assetstest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"smartplay/assets"
)

// generateTimeout bounds a cold generation of the 120 s ladder (about two
// minutes on 2 busy cores; more while other test packages generate too).
const generateTimeout = 10 * time.Minute

// Dir returns the directory of the ladder o describes, generating it if
// needed; it fails the test otherwise.
func Dir(t testing.TB, o assets.Options) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), generateTimeout)
	defer cancel()
	dir, err := assets.Ensure(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// Serve serves the ladder o describes (through wrap, when not nil, e.g. to
// inject delays or errors) and returns its master playlist URL and
// directory.
func Serve(t testing.TB, o assets.Options, wrap func(http.Handler) http.Handler) (string, string) {
	t.Helper()
	dir := Dir(t, o)
	var h http.Handler = http.FileServer(http.Dir(dir))
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL + "/master.m3u8", dir
}

// Demuxed returns the directory of the demuxed-audio stream (see
// assets.EnsureDemuxed), generating it if needed.
func Demuxed(t testing.TB, format assets.Format) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), generateTimeout)
	defer cancel()
	dir, err := assets.EnsureDemuxed(ctx, assets.DemuxedOptions{Format: format})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}
