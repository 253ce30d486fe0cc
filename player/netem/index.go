package netem

import (
	"bufio"
	"bytes"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"sync"
)

// Bounds of the segment index.
const (
	// maxIndexEntries: a 10-hour VOD with 2 s segments in 10 renditions
	// is 180 000 segments; more is not a stream we emulate.
	maxIndexEntries = 1 << 20
	// maxIndexWalk bounds the files visited when the server starts, so
	// serving a huge tree by mistake does not take minutes.
	maxIndexWalk = 100_000
	// maxIndexedPlaylistBytes: larger .m3u8 files are not indexed.
	maxIndexedPlaylistBytes = 8 << 20
)

// segRef says which rendition a served file belongs to and, for a media
// segment, its media sequence number.
type segRef struct {
	rendition string
	seq       int
}

// segIndex maps the paths of media segments (as listed in the media
// playlists of the served tree) to their rendition and sequence number,
// so that faults can address "segment 3 of 720p" whatever the files are
// called. It is filled when the server starts and refreshed whenever a
// playlist is served (live playlists grow).
type segIndex struct {
	mu sync.RWMutex
	m  map[string]segRef
}

func newSegIndex(fsys fs.FS) *segIndex {
	x := &segIndex{m: map[string]segRef{}}
	visited := 0
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if visited++; visited > maxIndexWalk {
			return fs.SkipAll
		}
		if err != nil || d.IsDir() || path.Ext(p) != ".m3u8" {
			return nil
		}
		if info, err := d.Info(); err != nil || info.Size() > maxIndexedPlaylistBytes {
			return nil
		}
		if data, err := fs.ReadFile(fsys, p); err == nil {
			x.add(p, data)
		}
		return nil
	})
	return x
}

// renditionOf names the rendition of a playlist: its directory (720p for
// 720p/stream.m3u8), or its file name without extension at the root.
func renditionOf(playlist string) string {
	if dir := path.Dir(playlist); dir != "." {
		return path.Base(dir)
	}
	return strings.TrimSuffix(path.Base(playlist), path.Ext(playlist))
}

// add indexes the segments of one media playlist (a master playlist adds
// nothing: it has no #EXTINF).
func (x *segIndex) add(playlist string, data []byte) {
	rend := renditionOf(playlist)
	dir := path.Dir(playlist)
	seq, n := 0, 0
	pending := false // an #EXTINF waits for its URI
	refs := map[string]segRef{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "#EXT-X-MEDIA-SEQUENCE:"):
			if v, err := strconv.Atoi(strings.TrimPrefix(line, "#EXT-X-MEDIA-SEQUENCE:")); err == nil && v >= 0 {
				seq = v
			}
		case strings.HasPrefix(line, "#EXTINF"):
			pending = true
		case line == "" || line[0] == '#':
		case pending:
			pending = false
			if uri, ok := localURI(dir, line); ok {
				refs[uri] = segRef{rendition: rend, seq: seq + n}
			}
			n++
		}
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	for k, v := range refs {
		if len(x.m) >= maxIndexEntries {
			return
		}
		x.m[k] = v
	}
}

// localURI resolves a relative playlist URI against the playlist's
// directory; absolute URLs and paths are not ours.
func localURI(dir, uri string) (string, bool) {
	if strings.Contains(uri, "://") || strings.HasPrefix(uri, "/") {
		return "", false
	}
	if i := strings.IndexAny(uri, "?#"); i >= 0 {
		uri = uri[:i]
	}
	p := path.Join(dir, uri)
	return p, fs.ValidPath(p)
}

func (x *segIndex) lookup(p string) (segRef, bool) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	r, ok := x.m[p]
	return r, ok
}
