package sim

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/grafov/m3u8"

	"smartplay/player/abr"
)

// VideoFromHLS describes a local HLS directory (dir/master.m3u8 with
// relative media playlists, as assets.Ensure writes the built-in ladder):
// renditions from the master playlist's EXT-X-STREAM-INF (BANDWIDTH,
// AVERAGE-BANDWIDTH, RESOLUTION, CODECS, FRAME-RATE), sorted by bandwidth
// as the player sorts them, and every segment's size from the file it
// names (or its BYTERANGE length). Segment duration is the first
// segment's EXTINF, rounded to the millisecond; renditions must have the
// same number of segments. An fMP4 init section is not counted (it is
// fetched once and is small).
func VideoFromHLS(dir string) (*Video, error) {
	master := filepath.Join(dir, "master.m3u8")
	data, err := readLimited(master)
	if err != nil {
		return nil, err
	}
	type rend struct {
		v   abr.Variant
		uri string
	}
	var rends []rend
	var pending *abr.Variant
	err = eachLine(data, func(n int, s string) error {
		switch {
		case strings.HasPrefix(s, "#EXT-X-STREAM-INF:"):
			a := m3u8.DecodeAttributeList(strings.TrimPrefix(s, "#EXT-X-STREAM-INF:"))
			v := abr.Variant{Codecs: a["CODECS"]}
			v.Bandwidth, _ = strconv.ParseInt(a["BANDWIDTH"], 10, 64)
			v.AverageBandwidth, _ = strconv.ParseInt(a["AVERAGE-BANDWIDTH"], 10, 64)
			v.FrameRate, _ = strconv.ParseFloat(a["FRAME-RATE"], 64)
			fmt.Sscanf(a["RESOLUTION"], "%dx%d", &v.Width, &v.Height)
			if v.Bandwidth <= 0 {
				return fmt.Errorf("%w %s line %d: no BANDWIDTH", ErrVideo, master, n)
			}
			pending = &v
		case s[0] != '#' && pending != nil:
			rends = append(rends, rend{*pending, s})
			pending = nil
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(rends) == 0 {
		return nil, fmt.Errorf("%w %s: no variant streams", ErrVideo, master)
	}
	sort.SliceStable(rends, func(i, j int) bool { return rends[i].v.Bandwidth < rends[j].v.Bandwidth })
	v := &Video{Name: filepath.Base(dir)}
	for _, r := range rends {
		if strings.Contains(r.uri, "://") || filepath.IsAbs(r.uri) {
			return nil, fmt.Errorf("%w %s: %s is not a relative media playlist", ErrVideo, master, r.uri)
		}
		sizes, segDur, err := mediaSizes(filepath.Join(dir, filepath.FromSlash(r.uri)))
		if err != nil {
			return nil, err
		}
		if v.SegmentDuration == 0 {
			v.SegmentDuration = segDur
		}
		if v.Segments != 0 && len(sizes) != v.Segments {
			return nil, fmt.Errorf("%w %s: renditions differ in segment count (%d, %d)", ErrVideo, dir, v.Segments, len(sizes))
		}
		v.Segments = len(sizes)
		v.Variants = append(v.Variants, r.v)
		v.Sizes = append(v.Sizes, sizes)
	}
	if err := v.check(); err != nil {
		return nil, err
	}
	return v, nil
}

// mediaSizes reads a media playlist: each segment's size (its BYTERANGE
// length, else its file's size) and the first segment's duration.
func mediaSizes(playlist string) (sizes []int64, segDur time.Duration, err error) {
	data, err := readLimited(playlist)
	if err != nil {
		return nil, 0, err
	}
	dir := filepath.Dir(playlist)
	var rangeLen int64
	err = eachLine(data, func(n int, s string) error {
		switch {
		case strings.HasPrefix(s, "#EXTINF:"):
			d, _, _ := strings.Cut(strings.TrimPrefix(s, "#EXTINF:"), ",")
			sec, err := strconv.ParseFloat(strings.TrimSpace(d), 64)
			if err != nil || sec <= 0 || sec > 3600 {
				return fmt.Errorf("%w %s line %d: EXTINF %q", ErrVideo, playlist, n, d)
			}
			if segDur == 0 {
				segDur = time.Duration(math.Round(sec*1000)) * time.Millisecond
			}
		case strings.HasPrefix(s, "#EXT-X-BYTERANGE:"):
			l, _, _ := strings.Cut(strings.TrimPrefix(s, "#EXT-X-BYTERANGE:"), "@")
			rangeLen, _ = strconv.ParseInt(strings.TrimSpace(l), 10, 64)
		case s[0] != '#':
			size := rangeLen
			rangeLen = 0
			if size <= 0 {
				if strings.Contains(s, "://") || filepath.IsAbs(s) {
					return fmt.Errorf("%w %s: segment %s is not a relative file", ErrVideo, playlist, s)
				}
				st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(s)))
				if err != nil {
					return fmt.Errorf("%w: %w", ErrVideo, err)
				}
				size = st.Size()
			}
			sizes = append(sizes, size)
		}
		return nil
	})
	if err == nil && len(sizes) == 0 {
		err = fmt.Errorf("%w %s: no segments", ErrVideo, playlist)
	}
	return sizes, segDur, err
}

func readLimited(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrVideo, err)
	}
	if st.Size() > maxVideoBytes {
		return nil, fmt.Errorf("%w %s: larger than %d MB", ErrVideo, path, maxVideoBytes>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrVideo, err)
	}
	return data, nil
}
