#include <stdio.h>
#include <libavutil/log.h>
#include "_cgo_export.h"

// decodeLogCallback formats FFmpeg's message into a bounded buffer
// (vsnprintf, never past its end) and hands it to Go.
static void decodeLogCallback(void *avcl, int level, const char *fmt, va_list vl) {
	char msg[1024];
	(void)avcl;
	if (level > av_log_get_level()) {
		return;
	}
	vsnprintf(msg, sizeof msg, fmt, vl);
	goDecodeLog(level, msg);
}

void decodeSetLogCallback(void) {
	av_log_set_callback(decodeLogCallback);
}
