package malloctune

import (
	"os"
	"testing"

	"smartplay/internal/malloctune/arenacount"
)

// TestOneArena: threads contending for malloc share one arena.
func TestOneArena(t *testing.T) {
	if os.Getenv("MALLOC_ARENA_MAX") != "" || os.Getenv("GLIBC_TUNABLES") != "" {
		t.Skip("the user's malloc settings apply")
	}
	if n := arenacount.Used(); n != 1 {
		t.Fatalf("%d malloc arenas after 8 threads contended, want 1", n)
	}
}
