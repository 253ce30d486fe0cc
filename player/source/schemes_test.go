package source

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hostileURIs are references a remote playlist may carry to make the
// player read something other than http(s): local files, inline data,
// other protocols (FFmpeg's own among them), and spellings that try to
// hide the scheme. Each is refused wherever it appears.
var hostileURIs = []struct {
	name, uri string
	is        error // ErrUnsupportedScheme, ErrMalformed when not even a URL, nil for either
}{
	{"file", "file:///etc/passwd", ErrUnsupportedScheme},
	{"file-no-slashes", "file:/etc/passwd", ErrUnsupportedScheme},
	{"file-localhost", "file://localhost/etc/passwd", ErrUnsupportedScheme},
	{"file-uppercase", "FILE:///etc/passwd", ErrUnsupportedScheme},
	{"data", "data:video/mp2t;base64,R0AREAA=", ErrUnsupportedScheme},
	{"data-playlist", "data:application/vnd.apple.mpegurl,%23EXTM3U", ErrUnsupportedScheme},
	{"ftp", "ftp://ftp.example.com/a.ts", ErrUnsupportedScheme},
	{"gopher", "gopher://example.com/1/a", ErrUnsupportedScheme},
	{"javascript", "javascript:alert(1)", ErrUnsupportedScheme},
	{"blob", "blob:https://example.com/0d9e", ErrUnsupportedScheme},
	{"ws", "ws://example.com/a.ts", ErrUnsupportedScheme},
	{"rtmp", "rtmp://example.com/live/a", ErrUnsupportedScheme},
	{"rtsp", "rtsp://example.com/a", ErrUnsupportedScheme},
	{"smb", "smb://server/share/a.ts", ErrUnsupportedScheme},
	{"ffmpeg-concat", "concat:/etc/passwd|/etc/hosts", ErrUnsupportedScheme},
	{"ffmpeg-pipe", "pipe:0", ErrUnsupportedScheme},
	{"ffmpeg-subfile", "subfile,,start,0,end,0,,:/etc/passwd", ErrMalformed},
	{"windows-drive", `C:\Windows\win.ini`, ErrUnsupportedScheme},
	{"percent-encoded-scheme", "%66ile:///etc/passwd", ErrMalformed},
	{"leading-space", " file:///etc/passwd", nil}, // trimmed (a URI line) or unparsable (quoted)
	{"http-without-host", "http:/etc/passwd", ErrMalformed},
}

// TestSchemesRefused puts each hostile URI in each place a remote
// playlist names something to fetch — a variant, an EXT-X-MEDIA rendition,
// an I-frame stream, a segment, an EXT-X-MAP — and checks Open refuses it
// with one clear line naming the place, and that nothing but the
// playlists was requested.
func TestSchemesRefused(t *testing.T) {
	places := []struct {
		name  string
		files func(uri string) map[string]string
		shows string
	}{
		{"variant", func(u string) map[string]string {
			return map[string]string{"/p.m3u8": "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\n" + u + "\n"}
		}, "variant "},
		{"EXT-X-MEDIA", func(u string) map[string]string {
			return map[string]string{"/p.m3u8": "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"en\",URI=\"" + u +
				"\"\n#EXT-X-STREAM-INF:BANDWIDTH=800000,AUDIO=\"a\"\nv.m3u8\n", "/v.m3u8": okMedia}
		}, "line 2: #EXT-X-MEDIA URI: "},
		{"EXT-X-I-FRAME-STREAM-INF", func(u string) map[string]string {
			return map[string]string{"/p.m3u8": "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nv.m3u8\n" +
				"#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=90000,URI=\"" + u + "\"\n", "/v.m3u8": okMedia}
		}, "line 4: #EXT-X-I-FRAME-STREAM-INF URI: "},
		{"segment", func(u string) map[string]string {
			return map[string]string{"/p.m3u8": mediaWith("", u)}
		}, "segment 0: "},
		{"segment-of-variant", func(u string) map[string]string {
			return map[string]string{"/p.m3u8": "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nv.m3u8\n", "/v.m3u8": mediaWith("", u)}
		}, "variant 800k: playlist http://origin.test/v.m3u8: segment 0: "},
		{"EXT-X-MAP", func(u string) map[string]string {
			return map[string]string{"/p.m3u8": mediaWith("#EXT-X-MAP:URI=\""+u+"\"\n", "a.m4s")}
		}, "EXT-X-MAP before segment 0: "},
	}
	for _, pl := range places {
		for _, h := range hostileURIs {
			t.Run(pl.name+"/"+h.name, func(t *testing.T) {
				m := &memOrigin{files: pl.files(h.uri)}
				p, err := Open(testContext(t), m.fetcher(), "http://origin.test/p.m3u8")
				refused := errors.Is(err, ErrUnsupportedScheme) || errors.Is(err, ErrMalformed)
				if !refused || (h.is != nil && !errors.Is(err, h.is)) || !strings.Contains(err.Error(), pl.shows) ||
					strings.Contains(err.Error(), "\n") {
					t.Fatalf("error %v (presentation %v), want %v after %q", err, p != nil, h.is, pl.shows)
				}
				for _, asked := range m.asked {
					if asked != "/p.m3u8" && asked != "/v.m3u8" {
						t.Fatalf("requested %q", asked)
					}
				}
			})
		}
	}
}

// TestSchemesRedirects: a redirect to another scheme is refused, for the
// playlist the user gave and for a variant's media playlist.
func TestSchemesRedirects(t *testing.T) {
	for _, target := range []string{"file:///etc/passwd", "data:,%23EXTM3U", "ftp://example.com/a.m3u8", "gopher://example.com/"} {
		s := server(t, func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/master.m3u8":
				w.Write([]byte("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nmoved.m3u8\n"))
			default:
				w.Header().Set("Location", target)
				w.WriteHeader(http.StatusFound)
			}
		})
		for _, path := range []string{"/moved.m3u8", "/master.m3u8"} {
			_, err := Open(testContext(t), testFetcher(), s.URL+path)
			if !errors.Is(err, ErrUnsupportedScheme) || !strings.Contains(err.Error(), "in redirect") {
				t.Errorf("%s → %s: %v", path, target, err)
			}
		}
	}
}

// TestSchemesLocal: a playlist the user gave as a local path may name
// local files (relative or file:///) and http(s) URLs — the user chose to
// open it — but not a file on another host, nor data: or other schemes.
// A remote playlist it names is remote: its own references are held to
// http(s).
func TestSchemesLocal(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	abs := "file://" + filepath.ToSlash(dir) + "/b.ts"
	p, err := Open(testContext(t), testFetcher(), write("ok.m3u8", "#EXTM3U\n#EXTINF:4,\na.ts\n#EXTINF:4,\n"+abs+"\n#EXTINF:4,\nhttps://cdn.example.com/c.ts\n#EXT-X-ENDLIST\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Variants[0].Media.Segments[1].URI; got != abs {
		t.Fatalf("local segment %q", got)
	}
	for _, h := range []struct{ uri, shows string }{
		{"file://fileserver/share/a.ts", `file URI with host "fileserver"`},
		{"data:video/mp2t;base64,R0AREAA=", `unsupported URL scheme "data"`},
		{"smb://server/share/a.ts", `unsupported URL scheme "smb"`},
	} {
		_, err := Open(testContext(t), testFetcher(), write("bad.m3u8", mediaWith("", h.uri)))
		if !errors.Is(err, ErrUnsupportedScheme) || !strings.Contains(err.Error(), h.shows) {
			t.Errorf("%s: %v", h.uri, err)
		}
	}
	remote := newOrigin(t, files{"/v.m3u8": mediaWith("", "file://"+filepath.ToSlash(dir)+"/ok.m3u8")})
	_, err = Open(testContext(t), testFetcher(), write("master.m3u8", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n"+remote.url("/v.m3u8")+"\n"))
	if !errors.Is(err, ErrUnsupportedScheme) || !strings.Contains(err.Error(), "remote playlist references local file") {
		t.Fatalf("remote media playlist of a local master naming a local file: %v", err)
	}
}
