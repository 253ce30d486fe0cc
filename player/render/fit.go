package render

// maxScreenShare is the largest share of the monitor a new window takes:
// a 1080p video on a 1080p screen opens a little smaller than the screen
// (room for the desktop's panels), keeping its aspect.
const maxScreenShare = 0.9

// FitWindow returns the window size for a w×h picture on an mw×mh monitor
// (0: unknown, no cap): the picture's size, scaled down to fit.
func FitWindow(w, h, mw, mh int) (int, int) {
	if mw <= 0 || mh <= 0 || w <= 0 || h <= 0 {
		return w, h
	}
	limW, limH := float64(mw)*maxScreenShare, float64(mh)*maxScreenShare
	scale := min(1, limW/float64(w), limH/float64(h))
	return max(int(float64(w)*scale), 1), max(int(float64(h)*scale), 1)
}
