//go:build race

package main

// raceBuild says the tests run under the race detector, which multiplies
// the memory of the child processes: their budget is not checked then.
const raceBuild = true
