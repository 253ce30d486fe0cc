package decode

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/asticode/go-astiav"
)

var (
	ffLogOnce   sync.Once
	ffLogTarget atomic.Pointer[slog.Logger]
)

// SetFFmpegLogger sends FFmpeg's own messages (a process-wide setting) to
// l: errors at Warn level, warnings at Debug. Without it they go to
// slog.Default(). FFmpeg's messages are about the data (a damaged slice
// concealed), which the decoder already reports as ErrCorrupt.
func SetFFmpegLogger(l *slog.Logger) {
	ffLogTarget.Store(l)
	routeFFmpegLogs()
}

// routeFFmpegLogs replaces FFmpeg's stderr logging, once per process.
func routeFFmpegLogs() {
	ffLogOnce.Do(func() {
		astiav.SetLogLevel(astiav.LogLevelWarning)
		astiav.SetLogCallback(func(_ astiav.Classer, l astiav.LogLevel, _, msg string) {
			log := ffLogTarget.Load()
			if log == nil {
				log = slog.Default()
			}
			level := slog.LevelDebug
			if l <= astiav.LogLevelError {
				level = slog.LevelWarn
			}
			log.Log(context.Background(), level, "ffmpeg: "+strings.TrimSpace(msg))
		})
	})
}
