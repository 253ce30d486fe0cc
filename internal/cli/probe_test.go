package cli

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// probeCorpus holds real-world-shaped playlists, usable (ok_*) and not
// (bad_*), with the media playlists the masters point at.
const probeCorpus = "../../player/source/testdata/corpus"

// TestProbeCorpus runs `smartplay probe` over every playlist of the corpus,
// served over HTTP and (for a few) as local paths: exit 0 for a usable
// one, 1 with one clear line on stderr for an unusable one, never 2 and
// never a panic. Every corpus file must be in the table.
func TestProbeCorpus(t *testing.T) {
	srv := httptest.NewServer(http.FileServer(http.Dir(probeCorpus)))
	t.Cleanup(srv.Close)
	tests := map[string]string{ // file → "" (usable) or what the error line says
		"ok_ad_discontinuities.m3u8":           "",
		"ok_apple_master.m3u8":                 "",
		"ok_bad_attributes_master.m3u8":        "",
		"ok_bad_media_sequence.m3u8":           "",
		"ok_blank_lines_spaces.m3u8":           "",
		"ok_byterange.m3u8":                    "",
		"ok_crlf_bom.m3u8":                     "",
		"ok_duplicates_out_of_order.m3u8":      "",
		"ok_extinf_without_comma.m3u8":         "",
		"ok_ffmpeg_ts.m3u8":                    "",
		"ok_huge_target_duration.m3u8":         "",
		"ok_live_window.m3u8":                  "",
		"ok_long_comment.m3u8":                 "",
		"ok_nul_invalid_utf8_in_comments.m3u8": "",

		"bad_no_header.m3u8":                     "not an HLS playlist (no #EXTM3U header)",
		"bad_html_error_page.m3u8":               "not an HLS playlist",
		"bad_ts_segment_served_as_playlist.m3u8": "not an HLS playlist",
		"bad_empty.m3u8":                         "empty playlist",
		"bad_header_only.m3u8":                   "empty playlist: no variant streams and no segments",
		"bad_no_segments.m3u8":                   "media playlist has no segments",
		"bad_negative_duration.m3u8":             "segment 1: malformed playlist: duration -10",
		"bad_missing_duration.m3u8":              "line 5: malformed playlist: #EXTINF without a duration",
		"bad_word_duration.m3u8":                 `line 3: malformed playlist: #EXTINF duration "ten" is not a number`,
		"bad_nan_duration.m3u8":                  "segment 0: malformed playlist: duration NaN",
		"bad_ten_thousand_hour_segment.m3u8":     "segment 0: limit exceeded: duration 36000000 s (max 1h0m0s)",
		"bad_huge_media_sequence.m3u8":           "limit exceeded: EXT-X-MEDIA-SEQUENCE 18446744073709551615",
		"bad_very_long_line.m3u8":                "limit exceeded: line 4 of 9003 bytes (max 8192)",
		"bad_master_only_iframes.m3u8":           "master playlist has no playable variants",
		"bad_master_variant_404.m3u8":            "", // the dead rendition is left out, the other plays
		"bad_master_and_segments.m3u8":           "malformed playlist: both variant streams and segments",
		"bad_encrypted_fairplay.m3u8":            "encrypted segments (METHOD=SAMPLE-AES)",
		"bad_nul_in_uri.m3u8":                    "segment 0: malformed playlist: URI",
		"bad_scheme_file_segment.m3u8":           `segment 0: unsupported URL scheme: remote playlist references local file "file:///etc/passwd"`,
		"bad_scheme_data_segment.m3u8":           `segment 0: unsupported URL scheme "data"`,
		"bad_scheme_ftp_variant.m3u8":            `unsupported URL scheme "ftp"`,
		"bad_scheme_file_map.m3u8":               `EXT-X-MAP before segment 0: unsupported URL scheme: remote playlist references local file`,
		"bad_scheme_file_media_rendition.m3u8":   `line 2: #EXT-X-MEDIA URI: unsupported URL scheme: remote playlist references local file "file:///etc/shadow"`,
		"bad_scheme_percent_encoded.m3u8":        `segment 0: malformed playlist: URI "%66ile:///etc/passwd"`,
	}
	files, err := filepath.Glob(filepath.Join(probeCorpus, "*.m3u8"))
	if err != nil || len(files) == 0 {
		t.Fatalf("corpus: %v (%d files)", err, len(files))
	}
	for _, f := range files {
		if _, ok := tests[filepath.Base(f)]; !ok {
			t.Errorf("corpus file %s has no expectation in the table", filepath.Base(f))
		}
	}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			checkProbe(t, srv.URL+"/"+name, want)
		})
	}
	// Local paths: a local playlist may reference local files (the user
	// chose to open it), and the same malformations give the same lines.
	for _, name := range []string{"ok_apple_master.m3u8", "ok_crlf_bom.m3u8", "bad_missing_duration.m3u8", "bad_huge_media_sequence.m3u8"} {
		t.Run("local/"+name, func(t *testing.T) {
			checkProbe(t, filepath.Join(probeCorpus, name), tests[name])
		})
	}
}

// checkProbe runs probe on target: want "" expects exit 0 and a report,
// else exit 1 and one stderr line containing want.
func checkProbe(t *testing.T, target, want string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main([]string{"probe", target}, &out, &errb, nil)
	if want == "" {
		if code != 0 || out.Len() == 0 || !strings.Contains(out.String(), "rendition(s)") {
			t.Fatalf("exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
		}
		return
	}
	line := errb.String()
	if code != 1 || strings.Count(line, "\n") != 1 || !strings.HasPrefix(line, "smartplay: ") || !strings.Contains(line, want) {
		t.Fatalf("exit %d, stderr %q, want exit 1 and one line with %q", code, line, want)
	}
	if out.Len() != 0 {
		t.Fatalf("stdout %q on failure", out.String())
	}
}

// TestProbeJSONShowsOnlyPrintableCodecs: a CODECS attribute with control
// characters (a terminal escape sequence) reaches probe's output without
// them.
func TestProbeJSONShowsOnlyPrintableCodecs(t *testing.T) {
	dir := t.TempDir()
	media := "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\na.ts\n#EXT-X-ENDLIST\n"
	master := "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,CODECS=\"avc1.4d401f\x1b]0;pwned\x07,mp4a.40.2\"\nm.m3u8\n"
	for name, body := range map[string]string{"m.m3u8": media, "master.m3u8": master} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"probe", "--json"}, {"probe"}} {
		var out, errb bytes.Buffer
		if code := Main(append(args, filepath.Join(dir, "master.m3u8")), &out, &errb, nil); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errb.String())
		}
		if strings.ContainsAny(out.String(), "\x1b\x07") || !strings.Contains(out.String(), "avc1.4d401f]0;pwned,mp4a.40.2") {
			t.Fatalf("%v: output %q", args, out.String())
		}
	}
}

// TestProbeUsageExitsOne: probe's own usage errors are exit 1 too, never 2.
func TestProbeUsageExitsOne(t *testing.T) {
	for _, args := range [][]string{{"probe"}, {"probe", "--nope", "x.m3u8"}, {"probe", "a.m3u8", "b.m3u8"}} {
		var out, errb bytes.Buffer
		if code := Main(args, &out, &errb, nil); code != 1 || errb.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q", args, code, errb.String())
		}
	}
}

// TestProbeShowsAudioRenditions: probe lists the separate audio
// renditions (group, name, language, default, who plays them) in text and
// JSON; one whose playlist is missing is shown unavailable, exit 0.
func TestProbeShowsAudioRenditions(t *testing.T) {
	dir := t.TempDir()
	media := "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\na.ts\n#EXT-X-ENDLIST\n"
	audio := "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\na.aac\n#EXT-X-ENDLIST\n"
	master := "#EXTM3U\n" +
		"#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"main\",NAME=\"English\",LANGUAGE=\"en\",DEFAULT=YES,URI=\"gone.m3u8\"\n" +
		"#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"backup\",NAME=\"English\",LANGUAGE=\"en\",URI=\"en.m3u8\"\n" +
		"#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"main\",NAME=\"Deutsch\",LANGUAGE=\"de\",URI=\"de.m3u8\"\n" +
		"#EXT-X-STREAM-INF:BANDWIDTH=800000,AUDIO=\"main\"\nm.m3u8\n"
	for name, body := range map[string]string{"m.m3u8": media, "en.m3u8": audio, "de.m3u8": audio, "master.m3u8": master} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errb bytes.Buffer
	if code := Main([]string{"probe", filepath.Join(dir, "master.m3u8")}, &out, &errb, nil); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"3 audio rendition(s):", "main         English          en    default            unavailable: audio main/English: playlist",
		"backup       English          en    -                  played by 1; 1 segments, 4.000 s, ADTS", "main         Deutsch          de    -                  not loaded"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if code := Main([]string{"probe", "--json", filepath.Join(dir, "master.m3u8")}, &out, &errb, nil); code != 0 {
		t.Fatalf("--json: exit %d: %s", code, errb.String())
	}
	for _, want := range []string{`"group": "backup"`, `"played_by": [`, `"language": "de"`, `"loaded": false`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("JSON lacks %s:\n%s", want, out.String())
		}
	}
}
