package zendesktest

import (
	"net/http"
	"testing"
)

// The tests of this file hold the fake to answers recorded from real accounts (issue 19): the
// SDK's fixtures in ../testdata where they carry the recorded shape, the recorded values
// quoted in the issue otherwise.

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
