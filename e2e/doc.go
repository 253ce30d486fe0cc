// Package e2e tests smartplay as a user runs it: the two binaries are
// built once (TestMain), then driven through their command lines against
// the built-in ladder served from 127.0.0.1, with the window under the
// X display that `make test` provides (xvfb-run). Tests that need a
// display skip when $DISPLAY is empty.
package e2e
