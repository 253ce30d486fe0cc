package source

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
)

// inputURL turns what the user typed into the URL to load: http(s) URLs
// as they are, anything without "://" as a local path (made absolute).
func inputURL(urlOrPath string) (*url.URL, error) {
	s := strings.TrimSpace(urlOrPath)
	if s == "" {
		return nil, fmt.Errorf("%w: empty URL or path", ErrMalformed)
	}
	if len(s) > MaxURIBytes {
		return nil, fmt.Errorf("%w: URL of %d bytes (max %d)", ErrLimit, len(s), MaxURIBytes)
	}
	if !strings.Contains(s, "://") {
		abs, err := filepath.Abs(s)
		if err != nil {
			return nil, fmt.Errorf("%w: path %q: %v", ErrMalformed, s, err)
		}
		return &url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}, nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, unwrapURLError(err))
	}
	switch u.Scheme {
	case "http", "https":
		if u.Host == "" {
			return nil, fmt.Errorf("%w: no host in %q", ErrMalformed, s)
		}
	case "file":
		if u.Host != "" && u.Host != "localhost" {
			return nil, fmt.Errorf("%w: file URL with host %q", ErrUnsupportedScheme, u.Host)
		}
		u.Host = ""
	default:
		return nil, fmt.Errorf("%w %q (want http, https or a local path)", ErrUnsupportedScheme, u.Scheme)
	}
	return u, nil
}

// resolve resolves a playlist reference against the playlist's URL. A
// remote (http/https) playlist may only reference http(s) URLs; a local
// playlist may also reference local files.
func resolve(base *url.URL, ref string) (*url.URL, error) {
	if ref == "" {
		return nil, fmt.Errorf("%w: empty URI", ErrMalformed)
	}
	if len(ref) > MaxURIBytes {
		return nil, fmt.Errorf("%w: URI of %d bytes (max %d)", ErrLimit, len(ref), MaxURIBytes)
	}
	r, err := url.Parse(ref)
	if err != nil {
		return nil, fmt.Errorf("%w: URI %q: %v", ErrMalformed, shorten(ref), unwrapURLError(err))
	}
	u := base.ResolveReference(r)
	switch u.Scheme {
	case "http", "https":
		if u.Host == "" {
			return nil, fmt.Errorf("%w: URI %q has no host", ErrMalformed, shorten(ref))
		}
	case "file":
		if base.Scheme != "file" {
			return nil, fmt.Errorf("%w: remote playlist references local file %q", ErrUnsupportedScheme, shorten(ref))
		}
		if u.Host != "" && u.Host != "localhost" {
			return nil, fmt.Errorf("%w: file URI with host %q", ErrUnsupportedScheme, shorten(u.Host))
		}
	default:
		return nil, fmt.Errorf("%w %q in URI %q", ErrUnsupportedScheme, shorten(u.Scheme), shorten(ref))
	}
	return u, nil
}

// shorten keeps error lines readable when a playlist holds garbage.
func shorten(s string) string {
	const maxShown = 80 // characters of a bad value quoted in an error
	if len(s) <= maxShown {
		return s
	}
	return strings.ToValidUTF8(s[:maxShown], "") + "…"
}
