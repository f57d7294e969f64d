package zendesktest

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestRules_EveryNamedTestExists keeps RULES.md honest: every test, example or fuzz target a
// rule names is a function of this module's tests (this package's, the SDK's, or an example's).
func TestRules_EveryNamedTestExists(t *testing.T) {
	rules, err := os.ReadFile("RULES.md")
	if err != nil {
		t.Fatal(err)
	}
	named := regexp.MustCompile("`((?:Test|Example|Fuzz|Benchmark)[A-Za-z0-9_]*)`").FindAllSubmatch(rules, -1)
	if len(named) < 100 {
		t.Fatalf("RULES.md names %d tests; the pattern no longer reads it", len(named))
	}
	defined := map[string]bool{}
	funcs := regexp.MustCompile(`(?m)^func ((?:Test|Example|Fuzz|Benchmark)[A-Za-z0-9_]*)\(`)
	for _, glob := range []string{"*_test.go", "../*_test.go", "../examples/*/*_test.go", "../webhook/*_test.go"} {
		files, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range funcs.FindAllSubmatch(b, -1) {
				defined[string(m[1])] = true
			}
		}
	}
	for _, m := range named {
		if !defined[string(m[1])] {
			t.Errorf("RULES.md names %s, which no test file defines", m[1])
		}
	}
}
