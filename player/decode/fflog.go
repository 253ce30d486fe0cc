package decode

// #cgo pkg-config: libavutil
// #include <libavutil/log.h>
// void decodeSetLogCallback(void);
import "C"

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
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

// routeFFmpegLogs replaces FFmpeg's stderr logging, once per process. The
// callback is ours rather than go-astiav's, whose formatting does not
// bound the message to its buffer.
func routeFFmpegLogs() {
	ffLogOnce.Do(func() {
		C.av_log_set_level(C.AV_LOG_WARNING)
		C.decodeSetLogCallback()
	})
}

//export goDecodeLog
func goDecodeLog(level C.int, msg *C.char) {
	log := ffLogTarget.Load()
	if log == nil {
		log = slog.Default()
	}
	l := slog.LevelDebug
	if level <= C.AV_LOG_ERROR {
		l = slog.LevelWarn
	}
	if !log.Enabled(context.Background(), l) {
		return
	}
	log.Log(context.Background(), l, "ffmpeg: "+strings.TrimSpace(C.GoString(msg)))
}
