package zendesk

import (
	"flag"
	"runtime"
	"strconv"
	"testing"
)

// TestMain lets more tests run at once than -parallel's default, GOMAXPROCS: the tests that
// call t.Parallel spend their time waiting on a server's clock (rate-limit windows of a
// second, token lifetimes, latency), not on a CPU, so on a 2-CPU machine running two at a time
// would have the suite wait for them in turn (and 8 at a time still queued the 2 s waits
// behind one another: 8 s for the package, 6 s with 16). An explicit -parallel wins.
func TestMain(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		if err := flag.Set("test.parallel", strconv.Itoa(max(16, runtime.GOMAXPROCS(0)))); err != nil {
			panic(err)
		}
	}
	m.Run()
}
