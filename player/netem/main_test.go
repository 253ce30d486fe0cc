package netem

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	if os.Getenv(envOrigin) != "" {
		os.Exit(originChild())
	}
	os.Exit(m.Run())
}
