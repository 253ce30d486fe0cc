package session

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"smartplay/player/abr"
	"smartplay/player/decode"
	"smartplay/player/source"
)

// playlistSniffBytes is how much of a local file is read to tell a
// playlist from a media file: "#EXTM3U" after an optional BOM and blanks.
const playlistSniffBytes = 64

// openInput loads a playlist (URL or local path) or, for a local file that
// is not a playlist, probes it as a media file.
func (s *Session) openInput(ctx context.Context) error {
	in := s.cfg.Input
	if isLocalMediaFile(in) {
		info, err := decode.ProbeFile(ctx, in)
		if err != nil {
			return err
		}
		s.file, s.fileInfo = in, info
		s.variants = []abr.Variant{{Width: info.Width, Height: info.Height}}
		s.labels = []string{fileLabel(info)}
		return nil
	}
	p, err := source.Open(ctx, s.fetcher, in)
	if err != nil {
		return err
	}
	s.pres = p
	for _, v := range p.Variants {
		s.variants = append(s.variants, v.Variant)
		s.labels = append(s.labels, v.Label)
	}
	return nil
}

// isLocalMediaFile: a path (not a URL) to a regular file that does not
// start like a playlist.
func isLocalMediaFile(in string) bool {
	if u, err := url.Parse(in); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		return false
	}
	f, err := os.Open(in)
	if err != nil {
		return false // let source.Open report the missing file
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return false
	}
	head := make([]byte, playlistSniffBytes)
	n, _ := io.ReadFull(f, head)
	head = bytes.TrimPrefix(head[:n], []byte("\xef\xbb\xbf"))
	head = bytes.TrimLeft(head, " \t\r\n")
	if bytes.HasPrefix(head, []byte("#EXTM3U")) {
		return false
	}
	ext := strings.ToLower(in)
	return !strings.HasSuffix(ext, ".m3u8") && !strings.HasSuffix(ext, ".m3u")
}

func fileLabel(info decode.Info) string {
	if info.Height > 0 {
		return fmt.Sprintf("%dp", info.Height)
	}
	return "file"
}

// hasAudio tells the consumer whether to wait for audio. A playlist that
// declares CODECS without an audio codec has none; without CODECS we
// assume both (the consumer copes with a missing stream).
func (s *Session) hasAudio() bool {
	if s.pres == nil {
		return s.fileInfo.HasAudio
	}
	for _, v := range s.pres.Variants {
		if v.Audio != nil { // a separate audio rendition plays
			return true
		}
	}
	return declares(s.variants, "mp4a", "ac-3", "ec-3", "opus", "flac", "mp3", ".mp3")
}

func (s *Session) hasVideo() bool {
	if s.pres == nil {
		return s.fileInfo.HasVideo
	}
	return declares(s.variants, "avc", "hvc", "hev", "vp09", "vp9", "av01") ||
		s.variants[0].Height > 0
}

func declares(vs []abr.Variant, prefixes ...string) bool {
	for _, v := range vs {
		if v.Codecs == "" {
			return true
		}
		for _, c := range strings.Split(v.Codecs, ",") {
			c = strings.ToLower(strings.TrimSpace(c))
			for _, p := range prefixes {
				if strings.HasPrefix(c, p) {
					return true
				}
			}
		}
	}
	return false
}
