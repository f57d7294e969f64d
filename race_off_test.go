//go:build !race

package zendesk

// raceEnabled reports whether the race detector is on, which makes some long tests shorten.
const raceEnabled = false
