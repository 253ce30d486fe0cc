module smartplay

go 1.26.0

require (
	github.com/asticode/go-astiav v0.16.0
	github.com/ebitengine/oto/v3 v3.3.3
	github.com/grafov/m3u8 v0.12.1
	github.com/hajimehoshi/ebiten/v2 v2.8.8
	github.com/jezek/xgb v1.1.1
	golang.org/x/sync v0.24.0
)

require (
	github.com/asticode/go-astikit v0.42.0 // indirect
	github.com/ebitengine/gomobile v0.0.0-20240911145611-4856209ac325 // indirect
	github.com/ebitengine/hideconsole v1.0.0 // indirect
	github.com/ebitengine/purego v0.8.0 // indirect
	golang.org/x/sys v0.25.0 // indirect
)
