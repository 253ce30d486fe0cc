# smartplay: `make run` plays the built-in stream, `make test` runs every test.
# Both install what is missing first (Debian packages via apt).

GO      ?= go
BIN     := bin/smartplay
ARGS    ?=
XVFB    := xvfb-run -a -s "-screen 0 1280x720x24"

.PHONY: all deps build run test vet bench clean

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
