// Package memlimit is the CLI's memory policy: a soft limit for the
// garbage collector in proportion to the size of the inputs, and the
// collector's percent (GOGC) by that size.
//
// Converting one large file, idlconv's live memory is about 15 to 20
// bytes per input byte (the input model, the output model, the output);
// with Go's default GOGC of 100 the heap may grow to twice what is live
// before a collection, about 40 times the input. A soft limit
// (runtime/debug.SetMemoryLimit) of 28 bytes per input byte, and never
// under 192 MiB, makes the collector run sooner instead, for a few percent
// of time: an 8 MB Thrift file goes to proto within about 240 MB instead
// of 300 (docs/robustness.md). It is only a soft limit: an input whose
// live memory outgrows it (files of many small declarations hold 50
// bytes per input byte) still converts, and the limit rises above its
// live heap so that the collector does not run back to back. Runs on small inputs (SmallInputs) let the heap grow further
// between collections, for time; runs on large ones less far, for memory.
// The sizes are those of the inputs, not of the files they include.
package memlimit

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"
)

// PerInputByte is the soft limit's bytes per input byte.
const PerInputByte = 28

// Floor is the least soft limit, so that small inputs never meet it.
const Floor = 192 << 20

// Limit is the soft limit for inputs of a total size.
func Limit(inputBytes int64) int64 {
	return max(Floor, PerInputByte*inputBytes)
}

// SmallInputs is the total input size under which a run trades memory
// for time, and from which it trades time for memory: the heap may grow
// to GCPercent percent above what is live (Go's default is 100) before the
// collector runs, within the soft limit. A small run's memory is mostly
// the program's own; at GOGC=100 the collector took a fifth of the CPU of
// converting googleapis' 81 files (0.8 MB), whose peak grows from 40–44
// to 47 MB at 400. A large run's live memory grows with its inputs and
// outputs (a tree converted in groups keeps each group's model only while
// it is converted, and every output until it is written): a 6 MB tree of
// 10,000 Thrift files peaks at 50 MB at 50 instead of 66 at 100
// (docs/performance.md).
const SmallInputs = 2 << 20

// GCPercent is the collector's percent (GOGC) for inputs of a total size.
func GCPercent(inputBytes int64) int {
	if inputBytes < SmallInputs {
		return 400
	}
	return 50
}

// Headroom is how far above the live heap, in percent, the soft limit
// rises once the live heap passes Outgrown percent of it: a limit the
// live heap nears makes the collector run back to back (thrash). Files of many small declarations hold far more than 28
// bytes per input byte: 100,000 one-field Thrift structs (2.7 MB) hold
// about 130 MB, and under a limit of 128 MiB took 4.9 s of CPU instead
// of 2.9 (docs/robustness.md).
const Headroom = 50

// Outgrown is the percent of the soft limit the live heap must reach
// before the limit rises: an input whose live memory stays within its
// budget (an 8 MB Thrift file of structs of 20 fields: about 175 MB
// under 235) keeps it.
const Outgrown = 95

// Apply sets the runtime's soft memory limit to Limit(inputBytes), unless
// GOMEMLIMIT is set (the user's choice wins), and the collector's percent
// to GCPercent(inputBytes), unless GOGC is set. It returns the limit set,
// 0 when GOMEMLIMIT left it alone. The limit then rises, never falls, to
// Headroom percent above the live heap (watched every few milliseconds)
// when that passes Outgrown percent of it, so that an input whose live
// memory outgrows it is collected at about GOGC=Headroom rather than
// continually.
func Apply(inputBytes int64) int64 {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(GCPercent(inputBytes))
	}
	if os.Getenv("GOMEMLIMIT") != "" {
		return 0
	}
	l := Limit(inputBytes)
	debug.SetMemoryLimit(l)
	startWatch(l)
	return l
}

// watchEvery is how often the live heap is read.
const watchEvery = 2 * time.Millisecond

var watchOnce sync.Once

// watched is the limit the watcher keeps: the one Apply set last, or
// what the live heap raised it to.
var watched atomic.Int64

// startWatch sets the limit the watcher keeps, and starts it once.
func startWatch(limit int64) {
	watched.Store(limit)
	watchOnce.Do(func() { go watch() })
}

// watch raises the soft limit to Headroom percent above the live heap
// whenever the live heap (as of the last collection) passes Outgrown
// percent of it.
func watch() {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	for range time.Tick(watchEvery) {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		live := int64(sample[0].Value.Uint64())
		limit := watched.Load()
		if live <= limit*Outgrown/100 {
			continue
		}
		if want := live + live*Headroom/100; want > limit {
			watched.Store(want)
			debug.SetMemoryLimit(want)
		}
	}
}
