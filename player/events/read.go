package events

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
)

// maxLineBytes bounds one event line when reading a log back; the largest
// real events (session_start with a long URL and many renditions) are a
// few KB.
const maxLineBytes = 1 << 20

// Read parses a JSON Lines event log, failing on the first bad line with
// its number.
func Read(r io.Reader) ([]Event, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLineBytes)
	var out []Event
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var e Event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return out, fmt.Errorf("event log line %d: %w", n, err)
		}
		out = append(out, e)
	}
	return out, sc.Err()
}
