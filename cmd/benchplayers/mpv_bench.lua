-- Loaded by benchplayers into mpv with --script. It prints, on stdout:
--   "BENCH first-frame" when playback (re)starts, i.e. the first frame is shown;
--   "BENCH end played=<s> vo=<n> dec=<n>" at shutdown: the last playback
--   position and the frames dropped by the video output and the decoder
--   (the two counts mpv's status line sums as "Dropped").
local played, vo, dec = 0, 0, 0
local first = false
mp.observe_property("time-pos", "number", function(_, v) if v then played = v end end)
mp.observe_property("frame-drop-count", "number", function(_, v) if v then vo = v end end)
mp.observe_property("decoder-frame-drop-count", "number", function(_, v) if v then dec = v end end)
mp.register_event("playback-restart", function()
  if not first then
    first = true
    io.stdout:write("BENCH first-frame\n")
    io.stdout:flush()
  end
end)
mp.register_event("shutdown", function()
  io.stdout:write(string.format("BENCH end played=%.3f vo=%d dec=%d\n", played, vo, dec))
  io.stdout:flush()
end)
