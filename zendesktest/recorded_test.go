package zendesktest

import (
	"encoding/json"
	"maps"
	"net/http"
	"os"
	"slices"
	"testing"
)

// The tests of this file hold the fake to answers recorded from real accounts (issue 19): the
// SDK's fixtures in ../testdata where they carry the recorded shape, the recorded values
// quoted in the issue otherwise.

// recorded reads a fixture of ../testdata as a JSON object.
func recorded(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile("../testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

func TestShowMany_OffsetEnvelope(t *testing.T) {
	want := slices.Sorted(maps.Keys(recorded(t, "tickets_show_many.json")))
	s := newServer(t)
	a, _ := create(t, s, obj{})
	b, _ := create(t, s, obj{})
	m := send(t, s, "GET", "/api/v2/tickets/show_many.json?ids="+itoa(a.ID)+","+itoa(b.ID)+",999", nil).
		want(t, http.StatusOK).object(t)
	if got := slices.Sorted(maps.Keys(m)); !slices.Equal(got, want) {
		t.Errorf("keys %v, recorded %v", got, want)
	}
	if m["count"] != float64(2) || m["next_page"] != nil || m["previous_page"] != nil {
		t.Errorf("count %v, next_page %v, previous_page %v", m["count"], m["next_page"], m["previous_page"])
	}
}

func TestDelete_204WithoutContentType(t *testing.T) {
	s := newServer(t)
	tk, _ := create(t, s, obj{})
	a := send(t, s, "DELETE", tpath(tk.ID, ".json"), nil).want(t, http.StatusNoContent)
	if ct, ok := a.header["Content-Type"]; ok || len(a.body) != 0 {
		t.Errorf("204 with Content-Type %q, body %q", ct, a.body)
	}
	// Answers with a body keep theirs, errors included.
	a = send(t, s, "DELETE", tpath(tk.ID, ".json"), nil).want(t, http.StatusNotFound)
	if ct := a.header.Get("Content-Type"); ct != jsonType {
		t.Errorf("404 Content-Type %q", ct)
	}
}
