package sim

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// LoadTrace reads one trace file (format detected by ParseTrace); the
// trace is named after the file.
func LoadTrace(path string) (*Trace, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrTrace, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxTraceBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w %s: %w", ErrTrace, path, err)
	}
	return ParseTrace(filepath.Base(path), data)
}

// skipFile reports files in a trace directory that are not traces:
// documentation, hidden files and archives.
func skipFile(name string) bool {
	lower := strings.ToLower(name)
	if strings.HasPrefix(name, ".") || strings.HasPrefix(lower, "readme") || strings.HasPrefix(lower, "license") {
		return true
	}
	for _, ext := range []string{".md", ".txt.gz", ".gz", ".zip", ".rar", ".py", ".ipynb", ".pdf", ".png"} {
		if strings.HasSuffix(lower, ext) {
			return true
		}
	}
	return false
}

// LoadTraces reads every trace under the given paths: a file is one trace;
// a directory is walked recursively (documentation and hidden files
// skipped) in lexical order, and its traces are named "<dir base>/<path
// inside it>", so traces from several directories stay distinct. The
// result is sorted by name.
func LoadTraces(paths ...string) ([]*Trace, error) {
	var out []*Trace
	seen := map[string]bool{}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrTrace, err)
		}
		if !st.IsDir() {
			t, err := LoadTrace(p)
			if err != nil {
				return nil, err
			}
			out = append(out, t)
			continue
		}
		base := filepath.Base(filepath.Clean(p))
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if skipFile(d.Name()) || !d.Type().IsRegular() {
				return nil
			}
			t, err := LoadTrace(path)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(p, path)
			t.Name = filepath.ToSlash(filepath.Join(base, rel))
			out = append(out, t)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	for _, t := range out {
		if seen[t.Name] {
			return nil, fmt.Errorf("%w: two traces named %s", ErrConfig, t.Name)
		}
		seen[t.Name] = true
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no traces in %s", ErrConfig, strings.Join(paths, ", "))
	}
	return out, nil
}
