package hud

import "errors"

// ErrFont means the built-in font could not be loaded (nothing is drawn).
var ErrFont = errors.New("hud: font")
