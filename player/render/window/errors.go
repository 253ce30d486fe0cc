package window

import "errors"

// ErrNoDisplay is returned by Run when there is no display.
var ErrNoDisplay = errors.New("window: no display ($DISPLAY is empty)")
