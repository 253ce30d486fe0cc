package abr

import (
	"errors"
	"slices"
	"testing"
)

func TestRegistryNewByName(t *testing.T) {
	names := Names()
	for _, want := range []string{"fixed", "throughput"} {
		if !slices.Contains(names, want) {
			t.Errorf("Names() = %v, missing %q", names, want)
		}
	}
	for _, n := range names {
		s, err := New(n)
		if err != nil {
			t.Fatalf("New(%q): %v", n, err)
		}
		if s.Name() == "" {
			t.Errorf("New(%q).Name() is empty", n)
		}
		if again, _ := New(n); again == s {
			t.Errorf("New(%q) returned the same instance twice; sessions must not share state", n)
		}
	}
	if s, err := New(" Throughput "); err != nil || s.Name() != "throughput" {
		t.Errorf("New is not case- and space-insensitive: %v, %v", s, err)
	}
	if _, err := New("nope"); !errors.Is(err, ErrUnknownStrategy) {
		t.Errorf("New(nope) error = %v, want ErrUnknownStrategy", err)
	}
}
