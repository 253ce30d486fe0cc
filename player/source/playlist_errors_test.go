package source

import (
	"errors"
	"strings"
	"testing"
)

func TestOpenErrors(t *testing.T) {
	o := newOrigin(t, files{
		"/html":            "<!doctype html><html><body>hello</body></html>",
		"/empty.m3u8":      "",
		"/blank.m3u8":      "  \n\n",
		"/header.m3u8":     "#EXTM3U\n",
		"/nosegs.m3u8":     "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXT-X-ENDLIST\n",
		"/iframes.m3u8":    "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n\n#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=90000,URI=\"i.m3u8\"\n",
		"/passwd.m3u8":     "#EXTM3U\n#EXTINF:10,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n",
		"/gopher.m3u8":     "#EXTM3U\n#EXTINF:10,\ngopher://x/y\n#EXT-X-ENDLIST\n",
		"/master404.m3u8":  "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=2850000,RESOLUTION=1280x720\nnope.m3u8\n",
		"/masterfile.m3u8": "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=2850000\nfile:///etc/hosts\n",
		"/aes.m3u8":        "#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"k\"\n#EXTINF:10,\na.ts\n#EXT-X-ENDLIST\n",
		"/negative.m3u8":   "#EXTM3U\n#EXTINF:-3,\na.ts\n#EXT-X-ENDLIST\n",
		"/nan.m3u8":        "#EXTM3U\n#EXTINF:NaN,\na.ts\n#EXT-X-ENDLIST\n",
		"/huge.m3u8":       "#EXTM3U\n#EXTINF:99999,\na.ts\n#EXT-X-ENDLIST\n",
		"/longuri.m3u8":    "#EXTM3U\n#EXTINF:10,\n" + strings.Repeat("a", MaxURIBytes+1) + "\n#EXT-X-ENDLIST\n",
		"/rangegap.m3u8":   "#EXTM3U\n#EXTINF:10,\n#EXT-X-BYTERANGE:100\na.ts\n#EXT-X-ENDLIST\n",
		"/mixed.m3u8":      "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\na.m3u8\n#EXTINF:10,\na.ts\n",
		"/keyfirst.m3u8":   "#EXTM3U\n#EXT-X-KEY:METHOD=NONE\nfoo.ts\n#EXTINF:1,\nbar.ts\n",
		"/manysegs.m3u8":   "#EXTM3U\n" + strings.Repeat("#EXTINF:1,\na.ts\n", MaxSegments+1),
		"/big.m3u8":        "#EXTM3U\n#" + strings.Repeat("x", MaxPlaylistBytes),
	})
	u := o.url
	tests := []struct {
		input string
		is    error
		msg   string // exact error line, "" to skip
	}{
		{u("/missing.m3u8"), nil, "playlist " + u("/missing.m3u8") + ": HTTP 404"},
		{u("/html"), ErrNotPlaylist, "playlist " + u("/html") + ": not an HLS playlist (no #EXTM3U header)"},
		{u("/empty.m3u8"), ErrEmpty, "playlist " + u("/empty.m3u8") + ": empty playlist"},
		{u("/blank.m3u8"), ErrEmpty, ""},
		{u("/header.m3u8"), ErrEmpty, "playlist " + u("/header.m3u8") + ": empty playlist: no variant streams and no segments"},
		{u("/nosegs.m3u8"), ErrNoSegments, "playlist " + u("/nosegs.m3u8") + ": media playlist has no segments"},
		{u("/iframes.m3u8"), ErrNoVariants, "playlist " + u("/iframes.m3u8") + ": master playlist has no playable variants"},
		{u("/passwd.m3u8"), ErrUnsupportedScheme, "playlist " + u("/passwd.m3u8") + `: segment 0: unsupported URL scheme: remote playlist references local file "file:///etc/passwd"`},
		{u("/gopher.m3u8"), ErrUnsupportedScheme, ""},
		{u("/master404.m3u8"), nil, "variant 720p: playlist " + u("/nope.m3u8") + ": HTTP 404"},
		{u("/masterfile.m3u8"), ErrUnsupportedScheme, ""},
		{u("/aes.m3u8"), ErrUnsupported, "playlist " + u("/aes.m3u8") + ": unsupported playlist feature: encrypted segments (METHOD=AES-128)"},
		{u("/negative.m3u8"), ErrMalformed, ""},
		{u("/nan.m3u8"), ErrMalformed, ""},
		{u("/huge.m3u8"), ErrLimit, ""},
		{u("/longuri.m3u8"), ErrLimit, ""},
		{u("/rangegap.m3u8"), ErrMalformed, ""},
		{u("/mixed.m3u8"), ErrMalformed, ""},
		{u("/keyfirst.m3u8"), ErrMalformed, ""}, // grafov/m3u8 panics here; we recover
		{u("/manysegs.m3u8"), ErrLimit, ""},
		{u("/big.m3u8"), ErrTooLarge, ""},
		{"ftp://example.com/x.m3u8", ErrUnsupportedScheme, `playlist ftp://example.com/x.m3u8: unsupported URL scheme "ftp" (want http, https or a local path)`},
		{"http:///nohost.m3u8", ErrMalformed, ""},
		{"", ErrMalformed, ""},
	}
	for _, tc := range tests {
		t.Run(strings.TrimPrefix(tc.input, o.srv.URL), func(t *testing.T) {
			p, err := Open(testContext(t), testFetcher(), tc.input)
			if err == nil {
				t.Fatalf("no error; got %+v", p)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Fatalf("error %q is not %q", err, tc.is)
			}
			if tc.msg != "" && err.Error() != tc.msg {
				t.Fatalf("error\n%q\nwant\n%q", err, tc.msg)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error spans lines: %q", err)
			}
		})
	}
	var he *HTTPError
	_, err := Open(testContext(t), testFetcher(), u("/missing.m3u8"))
	if !errors.As(err, &he) || he.Status != 404 || he.URL != u("/missing.m3u8") {
		t.Fatalf("want *HTTPError 404, got %#v", err)
	}
}
