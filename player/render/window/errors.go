package window

import "errors"

// ErrNoDisplay is returned by Run when there is no display.
var ErrNoDisplay = errors.New("window: no display ($DISPLAY is empty)")

// ErrPanes is returned by RunPanes for no pane, too many, or one without
// a Consumer.
var ErrPanes = errors.New("window: bad panes")
