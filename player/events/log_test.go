package events

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

func TestLogStampsAndRoundTrips(t *testing.T) {
	t0 := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	now := t0
	var buf bytes.Buffer
	l := NewLog(&buf, func() time.Time { return now })
	var seen []Type
	l.Listen(func(e Event) { seen = append(seen, e.Type) })

	now = t0.Add(1500 * time.Millisecond)
	l.Emit(Event{Type: Decision, Media: 12.34567, Segment: Int(0), Rendition: Int(0), Reason: "startup"})
	now = t0.Add(2 * time.Second)
	l.Emit(Event{Type: StallEnd, Media: 20, Duration: 1.25})

	got, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || len(seen) != 2 {
		t.Fatalf("read %d events, listener saw %d; want 2 and 2", len(got), len(seen))
	}
	d := got[0]
	if d.Type != Decision || d.Wall != "2026-11-21T10:00:01.5Z" || d.Elapsed != 1.5 || d.Media != 12.346 {
		t.Errorf("decision stamped %+v", d)
	}
	// Rendition 0 and segment 0 must survive: they are pointers for that.
	if d.Segment == nil || *d.Segment != 0 || d.Rendition == nil || *d.Rendition != 0 {
		t.Errorf("segment/rendition 0 lost: %+v", d)
	}
	if got[1].Duration != 1.25 || got[1].Rendition != nil {
		t.Errorf("stall_end %+v", got[1])
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestLogReportsWriteError(t *testing.T) {
	l := NewLog(failWriter{}, nil)
	l.Emit(Event{Type: Notice})
	if l.Err() == nil {
		t.Fatal("write error not reported")
	}
	var nilLog *Log
	nilLog.Emit(Event{Type: Notice}) // must not panic
}

func TestReadNamesBadLine(t *testing.T) {
	_, err := Read(bytes.NewBufferString("{\"type\":\"pause\"}\n{oops\n"))
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("line 2")) {
		t.Fatalf("error %v does not name line 2", err)
	}
}
