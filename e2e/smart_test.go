package e2e

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/assets/assetstest"
	"smartplay/player/abr"
	"smartplay/player/events"
	"smartplay/player/netinfo"
	"smartplay/player/qoe"
	"smartplay/player/session"
)

// decisionInputs returns the inputs of every decision in the log.
func decisionInputs(t *testing.T, evs []events.Event) []session.Inputs {
	t.Helper()
	var out []session.Inputs
	for _, e := range evs {
		if e.Type == events.Decision {
			var in session.Inputs
			if err := json.Unmarshal(e.Inputs, &in); err != nil {
				t.Fatalf("decision inputs %s: %v", e.Inputs, err)
			}
			out = append(out, in)
		}
	}
	return out
}

// The startup flags reach every decision's inputs; the session leaves a
// memory in the config directory that the next session's first decision
// sees; session_end reports the per-segment QoE.
func TestStartupFlagsAndSessionMemory(t *testing.T) {
	url, _ := assetstest.Serve(t, assets.Options{Duration: 20 * time.Second}, nil)
	cfgDir := t.TempDir()
	env := []string{session.MemoryDirEnv + "=" + cfgDir}
	ev := filepath.Join(t.TempDir(), "ev.jsonl")
	args := []string{"--headless", "--speed", "max", "--events", ev, "--network", "cellular", "--signal", "2",
		"--cellular-cap", "1500", "--data-budget", "100", url}
	r := smartplay(t, 2*time.Minute, env, args...)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	evs := readEvents(t, ev)
	ins := decisionInputs(t, evs)
	if len(ins) != 2 {
		t.Fatalf("%d decisions, want 2", len(ins))
	}
	for _, in := range ins {
		if in.Net.Type != "cellular" || in.Net.Signal != 2 || in.Cap != 1_500_000 || in.Budget != 100_000_000 {
			t.Fatalf("inputs %+v", in)
		}
	}
	if in := ins[0]; in.Last != nil || in.Net.RTT <= 0 || in.Net.Throughput <= 0 {
		t.Fatalf("first inputs %+v: want the playlists' RTT and rate, no memory", in)
	}
	var sum qoe.Summary
	end := lastOf(evs, events.SessionEnd)
	if err := json.Unmarshal(end.QoE, &sum); err != nil || sum.Segments != 2 || sum.QoEPerChunk == 0 {
		t.Fatalf("session_end QoE %s (%v)", end.QoE, err)
	}
	if !strings.Contains(r.stderr, "QoE ") || !strings.Contains(r.stderr, "bad case") {
		t.Errorf("summary line lacks the QoE: %s", r.stderr)
	}
	m, ok, err := session.LoadMemory(cfgDir, "127.0.0.1", "cellular", time.Now()) // scope: the origin's host
	if err != nil || !ok || m.Throughput <= 0 || m.Network != "cellular" {
		t.Fatalf("memory %+v ok %v err %v", m, ok, err)
	}
	r = smartplay(t, 2*time.Minute, env, args...)
	if r.code != 0 {
		t.Fatalf("second run: exit %d: %s", r.code, r.stderr)
	}
	if in := decisionInputs(t, readEvents(t, ev))[0]; in.Last == nil || in.Last.Throughput != m.Throughput {
		t.Fatalf("second run's first inputs: last %+v, want the memory %+v", in.Last, m)
	}
}

// Without --network the first decision gets what this machine's default
// route says.
func TestNetworkIsDetected(t *testing.T) {
	url, _ := assetstest.Serve(t, assets.Options{Duration: 20 * time.Second}, nil)
	ev := filepath.Join(t.TempDir(), "ev.jsonl")
	r := smartplay(t, 2*time.Minute, nil, "--headless", "--speed", "max", "--events", ev, url)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	want := netinfo.Detect()
	if in := decisionInputs(t, readEvents(t, ev))[0]; in.Net.Type != string(want.Type) || in.Net.Signal != want.Signal {
		t.Fatalf("first inputs' network %+v, detected here %+v", in.Net, want)
	}
}

func TestSmartFlagsInHelpAndErrors(t *testing.T) {
	r := smartplay(t, time.Minute, nil, "--help")
	for _, f := range append([]string{"-cellular-cap", "-data-budget", "-network", "-signal", "auto"}, abr.Names()...) {
		if !strings.Contains(r.stderr, f) {
			t.Errorf("--help does not mention %s", f)
		}
	}
	if want := `(default "` + session.DefaultStrategy() + `")`; !strings.Contains(r.stderr, want) {
		t.Errorf("--help does not give the default strategy %s", want)
	}
	url, _ := assetstest.Serve(t, assets.Options{Duration: 20 * time.Second}, nil)
	for _, bad := range []struct{ flag, value, says string }{
		{"--cellular-cap", "-5", "--cellular-cap -5"}, {"--data-budget", "-1", "--data-budget -1"},
		{"--network", "5g", `--network "5g"`}, {"--strategy", "nope", `unknown strategy: "nope"`},
	} {
		r := smartplay(t, time.Minute, nil, bad.flag, bad.value, "--headless", "--speed", "max", url)
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if r.code != 1 || len(lines) != 1 || !strings.HasPrefix(lines[0], "smartplay: ") || !strings.Contains(lines[0], bad.says) {
			t.Errorf("%s %s: exit %d, stderr %q; want one line saying %s", bad.flag, bad.value, r.code, r.stderr, bad.says)
		}
	}
}
