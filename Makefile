# smartplay: `make run` plays the built-in stream, `make test` runs every test.
# Both install what is missing first (Debian packages via apt).

GO      ?= go
BIN     := bin/smartplay
ARGS    ?=
XVFB    := xvfb-run -a -s "-screen 0 1280x720x24"

.PHONY: all deps build run demo test vet bench clean

all: build

deps:
	@scripts/deps.sh

build: deps
	$(GO) build -o bin/ ./cmd/smartplay ./cmd/smartplay-window

# Plays the built-in ladder in smart mode in a window (headless, with a
# note, when there is no display). Pass flags with ARGS="--quality 720p".
run: build
	@if [ -n "$$DISPLAY" ]; then ./$(BIN) $(ARGS); \
	else echo "no DISPLAY: playing headless (run from a desktop session for a window)"; ./$(BIN) --headless $(ARGS); fi

# Smart mode beside a fixed 1080P in one window (smartplay compare), on the
# built-in stream, each side through its own emulated link on the same 3G
# trace (hsdpa-ferry, ~2 Mbit/s): the fixed side stalls again and again,
# the smart side does not (docs/COMPARE.md). h toggles the HUDs; at the
# end, or on q, a summary card compares them. Flags: ARGS="--trace hsdpa-bus".
demo: build
	@if [ -z "$$DISPLAY" ]; then echo "make demo needs a display: run it from a desktop session (or record it: xvfb-run -a -s '-screen 0 1600x900x24' make demo ARGS='--screenshot demo.png --screenshot-at 60s --card-for 3s')"; exit 1; fi
	./$(BIN) compare --trace hsdpa-ferry $(ARGS)

vet: deps
	$(GO) vet ./...

# Every test, the window tests included, under a virtual display.
test: deps vet
	$(XVFB) $(GO) test -race -count=1 -timeout 40m ./...

bench: build
	scripts/bench.sh
	$(GO) test -run '^$$' -bench Origin -benchtime 1x ./player/netem/

clean:
	rm -rf bin out
