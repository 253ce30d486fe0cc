package assets

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// renditionStats are measured from the generated files, so the master
// playlist declares what the segments really are.
type renditionStats struct {
	peakBps, avgBps int64
	segments        int
	duration        time.Duration
}

// measure reads a generated media playlist and the sizes of its segments
// (plus the init section, for fMP4, counted once).
func measure(playlist string) (renditionStats, error) {
	f, err := os.Open(playlist)
	if err != nil {
		return renditionStats{}, err
	}
	defer f.Close()
	dir := filepath.Dir(playlist)
	var st renditionStats
	var total int64
	var extinf float64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "#EXTINF:"):
			v, _, _ := strings.Cut(strings.TrimPrefix(line, "#EXTINF:"), ",")
			extinf, err = strconv.ParseFloat(v, 64)
			if err != nil {
				return st, fmt.Errorf("%s: bad EXTINF %q", playlist, line)
			}
		case strings.HasPrefix(line, "#EXT-X-MAP:"):
			uri := attr(line, "URI")
			fi, err := os.Stat(filepath.Join(dir, uri))
			if err != nil {
				return st, err
			}
			total += fi.Size()
		case line != "" && !strings.HasPrefix(line, "#"):
			fi, err := os.Stat(filepath.Join(dir, line))
			if err != nil {
				return st, err
			}
			if extinf > 0 {
				st.peakBps = max(st.peakBps, int64(math.Ceil(float64(fi.Size())*8/extinf)))
			}
			total += fi.Size()
			st.segments++
			st.duration += time.Duration(extinf * float64(time.Second))
		}
	}
	if err := sc.Err(); err != nil {
		return st, err
	}
	if st.segments == 0 || st.duration <= 0 {
		return st, fmt.Errorf("%w: %s has no segments", ErrFFmpegFailed, playlist)
	}
	st.avgBps = int64(math.Ceil(float64(total) * 8 / st.duration.Seconds()))
	return st, nil
}

// attr returns a quoted attribute's value from a playlist tag line.
func attr(line, name string) string {
	i := strings.Index(line, name+"=\"")
	if i < 0 {
		return ""
	}
	rest := line[i+len(name)+2:]
	if j := strings.IndexByte(rest, '"'); j >= 0 {
		return rest[:j]
	}
	return ""
}

// writeMaster writes dir/master.m3u8 listing every rung with BANDWIDTH
// (peak segment bitrate), AVERAGE-BANDWIDTH, RESOLUTION, CODECS and
// FRAME-RATE, ascending.
func writeMaster(dir string, format Format) error {
	var b strings.Builder
	version := 3
	if format == FMP4 {
		version = 7
	}
	fmt.Fprintf(&b, "#EXTM3U\n#EXT-X-VERSION:%d\n#EXT-X-INDEPENDENT-SEGMENTS\n", version)
	for _, r := range Ladder {
		st, err := measure(filepath.Join(dir, r.Name(), "stream.m3u8"))
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "#EXT-X-STREAM-INF:BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d,RESOLUTION=%dx%d,CODECS=\"%s\",FRAME-RATE=%d.000,NAME=\"%s\"\n%s/stream.m3u8\n",
			st.peakBps, st.avgBps, r.Width, r.Height, r.Codecs(), FrameRate, r.Label(), r.Name())
	}
	return os.WriteFile(filepath.Join(dir, "master.m3u8"), []byte(b.String()), 0o644)
}
