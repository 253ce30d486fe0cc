// Package pngtest reads the PNG files tests make (window screenshots,
// charts), failing the test when one is missing or not a PNG.
package pngtest

import (
	"image"
	"image/png"
	"os"
	"testing"
)

// Read decodes the PNG at path, or fails t.
func Read(t testing.TB, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}
