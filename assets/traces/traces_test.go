package traces

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestShippedTraces(t *testing.T) {
	names := Names()
	want := []string{"fcc-broadband", "hsdpa-bus", "hsdpa-ferry", "hsdpa-tram"}
	if !slices.Equal(names, want) {
		t.Fatalf("Names() = %v, want %v", names, want)
	}
	if !slices.Contains(names, Default) {
		t.Errorf("default %q is not shipped", Default)
	}
	for _, n := range append(names, Default+".log") {
		data, err := Read(n)
		if err != nil || !strings.HasPrefix(string(data), "0.0\t") {
			t.Errorf("%s: %.20q %v", n, data, err)
		}
	}
	for _, bad := range []string{"", "nope", "../traces/hsdpa-bus", "README.md", ".log"} {
		if _, err := Read(bad); !errors.Is(err, ErrUnknown) || !strings.Contains(err.Error(), "hsdpa-bus") {
			t.Errorf("Read(%q): %v, want ErrUnknown listing the names", bad, err)
		}
	}
}
