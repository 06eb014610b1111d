package convert

// OneGroup is opts for converting the inputs as one group, never apart:
// the tests compare the two.
func OneGroup(opts Options) Options {
	opts.together = true
	return opts
}
