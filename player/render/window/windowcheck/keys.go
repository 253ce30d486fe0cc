package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
	"github.com/jezek/xgb/xtest"

	"smartplay/player/media"
	"smartplay/player/render"
	"smartplay/player/render/window"
)

// recorder is a window.Commands that logs the calls.
type recorder struct {
	mu    sync.Mutex
	calls []string
}

func (r *recorder) add(s string) {
	r.mu.Lock()
	r.calls = append(r.calls, s)
	r.mu.Unlock()
}

func (r *recorder) TogglePause()             { r.add("TogglePause") }
func (r *recorder) Seek(delta time.Duration) { r.add(fmt.Sprintf("Seek(%v)", delta)) }
func (r *recorder) SetQuality(n int)         { r.add(fmt.Sprintf("SetQuality(%d)", n)) }
func (r *recorder) Quit()                    { r.add("Quit") }

// X keysyms of the keys pressed, in order; q must be last (it closes).
var keysyms = []struct {
	name string
	sym  xproto.Keysym
}{
	{"space", 0x20}, {"Right", 0xff53}, {"Left", 0xff51}, {"2", 0x32}, {"0", 0x30}, {"q", 0x71},
}

// runKeys opens a window, presses keys with the X server's XTEST
// extension once the picture is up, and prints the Commands calls.
func runKeys() error {
	c := render.NewConsumer(render.ConsumerConfig{Output: render.NewWallOutput(nil), HasVideo: true, Prebuffer: 100 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go feed(ctx, c, 250, 25, func(int, time.Duration) *media.VideoFrame { return twoColour(64, 36, green, green, true) })
	const title = "windowcheck keys"
	rec := &recorder{}
	keyErr := make(chan error, 1)
	go func() {
		for c.Stats().FramesShown == 0 {
			time.Sleep(20 * time.Millisecond)
		}
		keyErr <- pressKeys(title)
	}()
	if err := window.Run(c, window.Options{Title: title, Width: 320, Height: 180, Commands: rec}); err != nil {
		return err
	}
	select {
	case err := <-keyErr:
		if err != nil {
			return err
		}
	case <-time.After(5 * time.Second):
		return fmt.Errorf("pressing keys did not finish")
	}
	return json.NewEncoder(os.Stdout).Encode(rec.calls)
}

// pressKeys focuses the window with the given title and types keysyms.
func pressKeys(title string) error {
	conn, err := xgb.NewConn()
	if err != nil {
		return fmt.Errorf("connecting to X: %w", err)
	}
	defer conn.Close()
	if err := xtest.Init(conn); err != nil {
		return fmt.Errorf("XTEST: %w", err)
	}
	setup := xproto.Setup(conn)
	root := setup.DefaultScreen(conn).Root
	win, err := findWindow(conn, root, title)
	if err != nil {
		return err
	}
	if err := xproto.SetInputFocusChecked(conn, xproto.InputFocusPointerRoot, win, xproto.TimeCurrentTime).Check(); err != nil {
		return fmt.Errorf("focusing the window: %w", err)
	}
	codes, err := keycodes(conn, setup)
	if err != nil {
		return err
	}
	for _, k := range keysyms {
		code, ok := codes[k.sym]
		if !ok {
			return fmt.Errorf("no keycode for %s", k.name)
		}
		for _, typ := range []byte{xproto.KeyPress, xproto.KeyRelease} {
			if err := xtest.FakeInputChecked(conn, typ, byte(code), xproto.TimeCurrentTime, root, 0, 0, 0).Check(); err != nil {
				return fmt.Errorf("pressing %s: %w", k.name, err)
			}
			time.Sleep(60 * time.Millisecond) // a few game frames apart
		}
	}
	return nil
}

// findWindow returns the window whose WM_NAME is title.
func findWindow(conn *xgb.Conn, root xproto.Window, title string) (xproto.Window, error) {
	for range 100 { // the window may still be mapping
		tree, err := xproto.QueryTree(conn, root).Reply()
		if err != nil {
			return 0, fmt.Errorf("listing windows: %w", err)
		}
		for _, w := range tree.Children {
			p, err := xproto.GetProperty(conn, false, w, xproto.AtomWmName, xproto.GetPropertyTypeAny, 0, 256).Reply()
			if err == nil && string(p.Value) == title {
				return w, nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return 0, fmt.Errorf("no window titled %q", title)
}

// keycodes maps keysyms to the keycodes that produce them unshifted.
func keycodes(conn *xgb.Conn, setup *xproto.SetupInfo) (map[xproto.Keysym]xproto.Keycode, error) {
	first, last := setup.MinKeycode, setup.MaxKeycode
	m, err := xproto.GetKeyboardMapping(conn, first, byte(last-first+1)).Reply()
	if err != nil {
		return nil, fmt.Errorf("keyboard mapping: %w", err)
	}
	codes := map[xproto.Keysym]xproto.Keycode{}
	per := int(m.KeysymsPerKeycode)
	for i := 0; i*per < len(m.Keysyms); i++ {
		if sym := m.Keysyms[i*per]; sym != 0 {
			if _, seen := codes[sym]; !seen {
				codes[sym] = first + xproto.Keycode(i)
			}
		}
	}
	return codes, nil
}
