package netem

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// testSegBytes is the size of every test segment: 100 kB, a tenth of a
// second at 8 Mbit/s.
const testSegBytes = 100_000

// testSegments per rendition: enough for the examples (seg=9).
const testSegments = 12

// testLadder is a two-rendition HLS tree in memory; segment bytes are a
// pattern unique to rendition, index and offset.
func testLadder() fstest.MapFS {
	fsys := fstest.MapFS{}
	var master strings.Builder
	master.WriteString("#EXTM3U\n")
	for _, r := range []string{"360p", "720p"} {
		fmt.Fprintf(&master, "#EXT-X-STREAM-INF:BANDWIDTH=1000000\n%s/stream.m3u8\n", r)
		var pl strings.Builder
		pl.WriteString("#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXT-X-MEDIA-SEQUENCE:0\n")
		for i := range testSegments {
			name := fmt.Sprintf("seg_%03d.ts", i)
			fmt.Fprintf(&pl, "#EXTINF:10.0,\n%s\n", name)
			fsys[r+"/"+name] = &fstest.MapFile{Data: segData(r, i)}
		}
		pl.WriteString("#EXT-X-ENDLIST\n")
		fsys[r+"/stream.m3u8"] = &fstest.MapFile{Data: []byte(pl.String())}
	}
	fsys["master.m3u8"] = &fstest.MapFile{Data: []byte(master.String())}
	return fsys
}

func segData(rend string, i int) []byte {
	b := make([]byte, testSegBytes)
	for k := range b {
		b[k] = byte(k*7 + i*13 + len(rend))
	}
	return b
}

// pipeNet is an in-memory network (net.Pipe) for servers and clients in a
// testing/synctest bubble, where real sockets cannot be used.
type pipeNet struct {
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

func newPipeNet() *pipeNet {
	return &pipeNet{conns: make(chan net.Conn), closed: make(chan struct{})}
}

func (p *pipeNet) Accept() (net.Conn, error) {
	select {
	case c := <-p.conns:
		return c, nil
	case <-p.closed:
		return nil, net.ErrClosed
	}
}

func (p *pipeNet) Close() error { p.once.Do(func() { close(p.closed) }); return nil }

func (p *pipeNet) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 80} }

func (p *pipeNet) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	a, b := net.Pipe()
	select {
	case p.conns <- b:
		return a, nil
	case <-p.closed:
		return nil, net.ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// pipeRig is a Handler served over a pipeNet with a client for it.
type pipeRig struct {
	h      *Handler
	client *http.Client
}

// newPipeRig serves cfg (FS default testLadder) in the current bubble;
// the test's cleanup stops everything.
func newPipeRig(t *testing.T, cfg Config) *pipeRig {
	t.Helper()
	if cfg.FS == nil {
		cfg.FS = testLadder()
	}
	h, err := NewHandler(cfg)
	if err != nil {
		t.Fatal(err)
	}
	pn := newPipeNet()
	srv := &http.Server{Handler: h}
	done := make(chan struct{})
	go func() { srv.Serve(pn); close(done) }()
	tr := &http.Transport{DialContext: pn.dial}
	t.Cleanup(func() {
		tr.CloseIdleConnections()
		srv.Close()
		<-done
	})
	return &pipeRig{h: h, client: &http.Client{Transport: tr}}
}

// fetched is what a client saw of one response.
type fetched struct {
	status int
	header http.Header
	body   []byte
	err    error         // from reading the body
	start  time.Time     // request sent
	ttfb   time.Duration // to the response header
	reads  []readAt      // body bytes as they arrived
	end    time.Time
}

type readAt struct {
	t time.Time
	n int
}

// get fetches url, recording when each part of the body arrives; a
// transport error fails the test unless allowErr.
func get(t *testing.T, c *http.Client, url string, hdr map[string]string) fetched {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	f := fetched{start: time.Now()}
	resp, err := c.Do(req)
	if err != nil {
		f.err = err
		f.end = time.Now()
		return f
	}
	defer resp.Body.Close()
	f.ttfb = time.Since(f.start)
	f.status, f.header = resp.StatusCode, resp.Header
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		if n > 0 {
			f.body = append(f.body, buf[:n]...)
			f.reads = append(f.reads, readAt{time.Now(), n})
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			f.err = err
			break
		}
	}
	f.end = time.Now()
	return f
}

// noRedirect is a client that shows redirects instead of following them.
func noRedirect(c *http.Client) *http.Client {
	cc := *c
	cc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cc
}

func mustTrace(t testing.TB, mbps float64) *Trace {
	t.Helper()
	tr, err := ConstantTrace(mbps)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func mustFaults(t testing.TB, spec string) []Fault {
	t.Helper()
	f, err := ParseFaults(spec)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func fsWithout(fsys fstest.MapFS, names ...string) fstest.MapFS {
	for _, n := range names {
		delete(fsys, n)
	}
	return fsys
}
