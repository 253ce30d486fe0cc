package report

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// WritePNG renders the sessions (Render) and writes the image as PNG.
func WritePNG(w io.Writer, ss []*Session, o Options) error {
	ch, err := Render(ss, o)
	if err != nil {
		return err
	}
	return png.Encode(w, ch.Image)
}

// WriteHTML writes a self-contained page: the chart inlined as a PNG
// data URL, the summary table, and a table per session naming it (file
// or trace, strategy, URL, ladder) with all its QoE figures.
func WriteHTML(w io.Writer, ss []*Session, o Options) error {
	var img bytes.Buffer
	if err := WritePNG(&img, ss, o); err != nil {
		return err
	}
	title := o.Title
	if title == "" {
		title = defaultTitle(ss)
	}
	// The whole attribute, so that the escaper leaves the base64 text as
	// it is (it would spell each "+" as "&#43;"); that alphabet holds no
	// quote or markup.
	src := template.HTMLAttr(`src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(img.Bytes()) + `"`)
	page := htmlPage{Title: title, Src: src, Header: tableHeader}
	for i, s := range ss {
		page.Rows = append(page.Rows, htmlRow{Color: colorCSS(i), Cells: summaryRow(s)})
		page.Sessions = append(page.Sessions, htmlSession{Name: displayName(s), Color: colorCSS(i), Fields: sessionFields(s)})
	}
	return htmlTemplate.Execute(w, page)
}

// writerFor picks the writer for path's extension.
func writerFor(path string) (func(io.Writer, []*Session, Options) error, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png":
		return WritePNG, nil
	case ".html", ".htm":
		return WriteHTML, nil
	}
	return nil, fmt.Errorf("%w: %s (want .png or .html)", ErrFormat, path)
}

// CheckOutput reports whether WriteFile can write path's kind (ErrFormat).
func CheckOutput(path string) error {
	_, err := writerFor(path)
	return err
}

// WriteFile writes the chart to path as PNG or HTML, by its extension;
// another extension is ErrFormat. A failed drawing leaves no file behind.
func WriteFile(path string, ss []*Session, o Options) error {
	write, err := writerFor(path)
	if err != nil {
		return err
	}
	var buf bytes.Buffer // drawn first: a bad session leaves no half file
	if err := write(&buf, ss, o); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

func colorCSS(i int) string {
	c := SessionColor(i)
	return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
}

type htmlPage struct {
	Title    string
	Src      template.HTMLAttr
	Header   []string
	Rows     []htmlRow
	Sessions []htmlSession
}

type htmlRow struct {
	Color string
	Cells []string
}

type htmlSession struct {
	Name, Color string
	Fields      [][2]string
}

// sessionFields are the rows of a session's own table.
func sessionFields(s *Session) [][2]string {
	f := [][2]string{{"name", s.Name}, {"source", s.Source}, {"strategy", s.Strategy}}
	add := func(k, v string) {
		if v != "" {
			f = append(f, [2]string{k, v})
		}
	}
	add("quality", s.Quality)
	add("URL", s.URL)
	add("trace", s.TraceName)
	var ladder []string
	for _, r := range s.Renditions {
		ladder = append(ladder, fmt.Sprintf("%s %.0fk", r.Label, r.Kbps))
	}
	add("ladder", strings.Join(ladder, ", "))
	add("session length", fmt.Sprintf("%.1f s", s.End))
	add("data downloaded", megabytes(s.Bytes))
	if q := s.QoE; q != nil {
		add("startup delay", fmt.Sprintf("%.3f s", q.StartupDelay))
		add("played", fmt.Sprintf("%.1f s, %d segments", q.PlayTime, q.Segments))
		add("stalls", fmt.Sprintf("%d, %.3f s (ratio %.4f)", q.StallCount, q.StallTime, q.StallRatio))
		add("HD share (720p+)", fmt.Sprintf("%.1f%%", 100*q.HDShare))
		add("mean bitrate", fmt.Sprintf("%.0f kbit/s", q.MeanBitrateKbps))
		add("switches", fmt.Sprintf("%d (%d up, %d down), %d oscillations", q.Switches, q.SwitchesUp, q.SwitchesDown, q.Oscillations))
		add("dropped frames", fmt.Sprintf("%d", q.DroppedFrames))
		add("QoE_lin", fmt.Sprintf("%.3f (%.3f per segment, %.3f after the first)", q.QoELin, q.QoEPerChunk, q.QoEPerChunkAfterFirst))
		b := q.BadCases
		add("bad cases", badCases(b.Total, b.StallAfterUpswitch, b.AboveThroughputLowBuffer, b.StuckAtLowest))
	}
	for _, n := range s.Notes {
		f = append(f, [2]string{"note", n})
	}
	return f
}

var htmlTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>
body { font-family: "Liberation Sans", Arial, sans-serif; margin: 24px; color: #202020; }
img { max-width: 100%; border: 1px solid #ddd; }
table { border-collapse: collapse; margin: 12px 0 24px; }
th, td { padding: 4px 12px; text-align: left; border-bottom: 1px solid #e4e4e4; }
th { color: #707070; font-weight: normal; }
.sw { display: inline-block; width: 14px; height: 4px; margin-right: 8px; vertical-align: middle; }
</style></head><body>
<h1>{{.Title}}</h1>
<img {{.Src}} alt="{{.Title}}: rendition, buffer and throughput over session time, stalls shaded">
<h2>Summary</h2>
<table><tr>{{range .Header}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr>{{$c := .Color}}{{range $i, $v := .Cells}}<td>{{if eq $i 0}}<span class="sw" style="background: {{$c}}"></span>{{end}}{{$v}}</td>{{end}}</tr>
{{end}}</table>
{{range .Sessions}}<h2><span class="sw" style="background: {{.Color}}"></span>{{.Name}}</h2>
<table>{{range .Fields}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>
{{end}}</table>
{{end}}</body></html>
`))
