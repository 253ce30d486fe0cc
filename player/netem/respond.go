package netem

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// writeStallTimeout: a client that accepts no byte for this long is gone
// (a paused player still drains its socket); the response is abandoned.
const writeStallTimeout = time.Minute

// chunkPool recycles the per-response write buffers.
var chunkPool = sync.Pool{New: func() any { b := make([]byte, maxChunkBytes); return &b }}

// contentTypes of the files an HLS origin serves; others by extension.
var contentTypes = map[string]string{
	".m3u8": "application/vnd.apple.mpegurl",
	".ts":   "video/mp2t",
	".m4s":  "video/iso.segment",
	".mp4":  "video/mp4",
	".aac":  "audio/aac",
	".vtt":  "text/vtt",
}

// serveFile answers with the file res names (or the Range asked for),
// through the session's link, with the plan's faults.
func (h *Handler) serveFile(ctx context.Context, w http.ResponseWriter, r *http.Request, s *session, res resource, p plan) {
	f, err := h.cfg.FS.Open(res.path)
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	size := st.Size()
	var body io.ReadSeeker
	if res.playlist && size <= maxIndexedPlaylistBytes {
		data, err := io.ReadAll(io.LimitReader(f, size))
		if err != nil {
			http.Error(w, "read error", http.StatusInternalServerError)
			return
		}
		h.index.add(res.path, data)
		body, size = bytes.NewReader(data), int64(len(data))
	} else if rs, ok := f.(io.ReadSeeker); ok {
		body = rs
	} else {
		http.Error(w, "file not seekable", http.StatusInternalServerError)
		return
	}
	off, n, status := byteRange(r.Header.Get("Range"), size)
	hd := w.Header()
	hd.Set("Accept-Ranges", "bytes")
	hd.Set("Cache-Control", "no-store")
	ct, ok := contentTypes[path.Ext(res.path)]
	if !ok {
		ct = mime.TypeByExtension(path.Ext(res.path))
	}
	if ct != "" {
		hd.Set("Content-Type", ct)
	}
	switch status {
	case http.StatusRequestedRangeNotSatisfiable:
		hd.Set("Content-Range", fmt.Sprintf("bytes */%d", size))
		http.Error(w, "range not satisfiable", status)
		return
	case http.StatusPartialContent:
		hd.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", off, off+n-1, size))
	}
	hd.Set("Content-Length", strconv.FormatInt(n, 10))
	if r.Method == http.MethodHead {
		w.WriteHeader(status)
		return
	}
	if _, err := body.Seek(off, io.SeekStart); err != nil {
		http.Error(w, "read error", http.StatusInternalServerError)
		return
	}
	h.deliver(ctx, w, s, res, body, n, status, p)
}

// deliver writes n bytes of body through the link: each chunk when the
// link has carried it; the header goes with the first chunk, so the time
// to first byte is RTT plus one chunk, as behind a real bottleneck.
// Stalls pause the body, a cut ends it with a reset or a close, and
// corrupted offsets are inverted on the way.
func (h *Handler) deliver(ctx context.Context, w http.ResponseWriter, s *session, res resource, body io.Reader, n int64, status int, p plan) {
	rc := http.NewResponseController(w)
	bufp := chunkPool.Get().(*[]byte)
	defer chunkPool.Put(bufp)
	buf := *bufp
	clock := h.cfg.Clock
	stalls, cutAt := p.stallsAt(n), p.cutAt(n)
	bad := corruptOffsets(p.corrupt, n, h.cfg.Seed, res.path, res.attempt)
	headerSent, busy := false, false
	sendHeader := func() {
		if !headerSent {
			w.WriteHeader(status)
			headerSent = true
		}
	}
	var off int64
	for {
		for len(stalls) > 0 && off >= stalls[0].pos {
			sendHeader()
			if rc.Flush() != nil || clock.SleepUntil(ctx, clock.Now().Add(stalls[0].d)) != nil {
				return
			}
			stalls, busy = stalls[1:], false
		}
		if cutAt >= 0 && off >= cutAt {
			sendHeader()
			cut(rc, p.reset)
			return
		}
		if off >= n {
			sendHeader()
			return
		}
		want := n - off
		if len(stalls) > 0 {
			want = min(want, stalls[0].pos-off)
		}
		if cutAt >= 0 {
			want = min(want, cutAt-off)
		}
		k, at := s.link.Reserve(clock.Now(), want, busy)
		if clock.SleepUntil(ctx, at) != nil {
			s.link.Release(0)
			return
		}
		chunk := buf[:k]
		if _, err := io.ReadFull(body, chunk); err != nil {
			s.link.Release(0)
			h.log.Warn("netem: read failed", "path", res.path, "err", err)
			return
		}
		for len(bad) > 0 && bad[0] < off+k {
			chunk[bad[0]-off] ^= 0xFF
			bad = bad[1:]
		}
		sendHeader()
		rc.SetWriteDeadline(clock.Now().Add(writeStallTimeout))
		_, err := w.Write(chunk)
		if err == nil {
			err = rc.Flush()
		}
		s.link.Release(k)
		if err != nil {
			return
		}
		off += k
		busy = true
	}
}

// cut ends the response here: with a TCP reset (RST: linger 0), or with
// a clean close that leaves the body short of its Content-Length.
func cut(rc *http.ResponseController, reset bool) {
	rc.Flush()
	conn, _, err := rc.Hijack()
	if err != nil {
		// Not HTTP/1 (nothing to hijack): net/http aborts the stream.
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok && reset {
		tc.SetLinger(0)
	}
	conn.Close()
}

// byteRange interprets a Range header for a body of size bytes: the
// offset and length to send and the status. Only a single range is
// honoured; anything else is ignored (the whole body, 200), which RFC 9110
// allows.
func byteRange(h string, size int64) (off, n int64, status int) {
	spec, ok := strings.CutPrefix(h, "bytes=")
	if !ok || strings.Contains(spec, ",") {
		return 0, size, http.StatusOK
	}
	a, b, ok := strings.Cut(strings.TrimSpace(spec), "-")
	if !ok {
		return 0, size, http.StatusOK
	}
	if a == "" { // suffix: the last b bytes
		k, err := strconv.ParseInt(b, 10, 64)
		if err != nil || k < 0 {
			return 0, size, http.StatusOK
		}
		if k == 0 || size == 0 {
			return 0, 0, http.StatusRequestedRangeNotSatisfiable
		}
		k = min(k, size)
		return size - k, k, http.StatusPartialContent
	}
	first, err := strconv.ParseInt(a, 10, 64)
	if err != nil || first < 0 {
		return 0, size, http.StatusOK
	}
	last := size - 1
	if b != "" {
		if last, err = strconv.ParseInt(b, 10, 64); err != nil || last < first {
			return 0, size, http.StatusOK
		}
		last = min(last, size-1)
	}
	if first >= size {
		return 0, 0, http.StatusRequestedRangeNotSatisfiable
	}
	return first, last - first + 1, http.StatusPartialContent
}
