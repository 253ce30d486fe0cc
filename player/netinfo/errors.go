package netinfo

import "errors"

// ErrNoDefaultRoute: neither routing table has a default route that is up.
var ErrNoDefaultRoute = errors.New("no default route")
