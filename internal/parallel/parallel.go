// Package parallel runs independent pieces of work on every core.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Each calls fn(i) for every i from 0 to n-1, on up to GOMAXPROCS
// goroutines, and returns when all calls have returned. The calls must
// not depend on one another; each writes its result where its index says,
// so that the results do not depend on which goroutine ran first. With
// one call, or one core, the calls run on the caller's goroutine: a run
// on one small file starts no thread for them.
func Each(n int, fn func(i int)) {
	if n == 1 || runtime.GOMAXPROCS(0) == 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}
