package render

import (
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/ebitengine/oto/v3"

	"smartplay/player/media"
)

const (
	// otoPlayerBuffer is how far ahead of the device the oto Player reads:
	// 100 ms. Why: oto's default (0.5 s) would delay pause and stall by half
	// a second; 100 ms is still ~5 device periods, enough to ride out a GC
	// pause or a busy core while 1080p is being decoded and drawn.
	otoPlayerBuffer = 100 * time.Millisecond
	// otoDeviceFrames is the ALSA buffer oto's Linux driver opens when no
	// size is given: 2 periods of 1024 frames (~43 ms). Position subtracts
	// it, as those samples were read but are not heard yet.
	otoDeviceFrames = 2 * 1024
	// otoLowWater: with the queue dry, the reader hands out nothing until
	// oto's own buffer is below 20 ms, and only then plays silence (an
	// underrun). Why: a late chunk often arrives within that time.
	otoLowWater = 20 * time.Millisecond
	// otoOpenTimeout bounds waiting for the device to open.
	otoOpenTimeout = 5 * time.Second
)

// One oto context may exist per process (oto refuses a second one, even
// after a failure): it is created once and shared by every Output.
var otoShared struct {
	once sync.Once
	ctx  *oto.Context
	err  error
}

func sharedOtoContext() (*oto.Context, error) {
	otoShared.once.Do(func() {
		ctx, ready, err := oto.NewContext(&oto.NewContextOptions{
			SampleRate:   media.AudioRate,
			ChannelCount: media.AudioChannels,
			Format:       oto.FormatSignedInt16LE,
		})
		if err != nil {
			otoShared.err = fmt.Errorf("%w: %w", ErrNoAudioDevice, err)
			return
		}
		select {
		case <-ready:
		case <-time.After(otoOpenTimeout):
			otoShared.err = fmt.Errorf("%w: device did not open within %v", ErrNoAudioDevice, otoOpenTimeout)
			return
		}
		if err := ctx.Err(); err != nil {
			otoShared.err = fmt.Errorf("%w: %w", ErrNoAudioDevice, err)
			return
		}
		otoShared.ctx = ctx
	})
	return otoShared.ctx, otoShared.err
}

// otoOutput plays through the sound card; its clock is the sample being
// heard (samples read − oto's buffer − the device's buffer).
type otoOutput struct {
	mu     sync.Mutex
	player *oto.Player
	r      *otoReader
	volume float64
	muted  bool // muted while audio read before a Seek drains
	guard  clockGuard
}

// NewOtoOutput opens the default sound device (48 kHz, stereo, s16). It
// returns an error wrapping ErrNoAudioDevice when there is none; the caller
// then plays muted with NewWallOutput. Several outputs share one device.
func NewOtoOutput(volume float64) (Output, error) {
	if !soundSystemPresent(os.Getenv, fileExists, os.ReadFile) {
		return nil, fmt.Errorf("%w: no sound card and no PulseAudio/PipeWire server", ErrNoAudioDevice)
	}
	ctx, err := sharedOtoContext()
	if err != nil {
		return nil, err
	}
	o := &otoOutput{volume: clampVolume(volume)}
	o.r = newOtoReader(func() int { return o.player.BufferedSize() },
		otoDeviceFrames*media.AudioBytesPerFrame, media.AudioBytes(otoLowWater))
	o.player = ctx.NewPlayer(o.r)
	o.player.SetBufferSize(media.AudioBytes(otoPlayerBuffer))
	o.player.SetVolume(o.volume)
	return o, nil
}

// Start binds the source and starts the device pulling (silence until Play).
// The oto Player is never paused or reset afterwards: pausing is done by
// the reader, which avoids two oto goroutines reading it at once.
func (o *otoOutput) Start(src Source) error {
	o.r.setSource(src)
	o.player.Play()
	if err := o.player.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrNoAudioDevice, err)
	}
	return nil
}

func (o *otoOutput) Play()  { o.r.setPlaying(true) }
func (o *otoOutput) Pause() { o.r.setPlaying(false) }

// Seek mutes what the device still holds from before the seek.
func (o *otoOutput) Seek(pos time.Duration) {
	o.r.seek(pos)
	o.mu.Lock()
	defer o.mu.Unlock()
	o.guard.reset()
	o.muted = true
	o.player.SetVolume(0)
}

func (o *otoOutput) Position() time.Duration {
	pos, stale := o.r.position()
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.muted && !stale {
		o.muted = false
		o.player.SetVolume(o.volume)
	}
	return o.guard.filter(pos, time.Now())
}

func (o *otoOutput) SetVolume(v float64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.volume = clampVolume(v)
	if !o.muted {
		o.player.SetVolume(o.volume)
	}
}

func (o *otoOutput) Underruns() int64 { return o.r.underrunCount() }

func (o *otoOutput) Close() error {
	o.r.setPlaying(false)
	if err := o.player.Close(); err != nil {
		return fmt.Errorf("render: closing audio player: %w", err)
	}
	return nil
}

func clampVolume(v float64) float64 {
	switch {
	case v != v || v < 0: // NaN or negative
		return 0
	case v > 1:
		return 1
	}
	return v
}
