package sim

import (
	"context"
	"testing"
)

// BenchmarkPensieveTrainingSet runs the 127 training traces through
// strategies in the Pensieve model on all cores and reports sessions/s:
//
//	go test -run '^$' -bench PensieveTrainingSet -benchtime 5x ./player/sim/
func BenchmarkPensieveTrainingSet(b *testing.B) {
	traces := trainTraces(b)
	for _, names := range [][]string{{"robustmpc"}, {"all"}} {
		specs, err := Specs(nil, names...)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(names[0], func(b *testing.B) {
			sessions := 0
			for b.Loop() {
				res, err := Run(context.Background(), Options{Traces: traces, Strategies: specs})
				if err != nil {
					b.Fatal(err)
				}
				sessions += len(res.Sessions)
			}
			b.ReportMetric(float64(sessions)/b.Elapsed().Seconds(), "sessions/s")
		})
	}
}
