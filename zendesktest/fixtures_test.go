package zendesktest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// keyPaths lists every key path of a JSON value ("tickets[].via.source"), so that two answers
// can be compared by shape whatever their values. Objects keyed by a field's name (the child
// events of the ticket event export) are compared by their fixed keys only.
func keyPaths(v any, prefix string, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if strings.HasSuffix(prefix, "child_events[]") || strings.HasSuffix(prefix, ".system") ||
				strings.HasSuffix(prefix, ".from") || strings.HasSuffix(prefix, ".to") {
				continue
			}
			p := prefix + "." + k
			out[p] = true
			keyPaths(e, p, out)
		}
	case []any:
		for _, e := range x {
			keyPaths(e, prefix+"[]", out)
		}
	}
}

func shapeOf(t *testing.T, b []byte) []string {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
	set := map[string]bool{}
	keyPaths(v, "", set)
	return sortedKeys(set)
}

// TestFixtures_ShapeMatchesServer checks that the recorded-shape fixtures the SDK's wire tests
// read (../testdata) have the keys the fake answers with, and the other way round.
func TestFixtures_ShapeMatchesServer(t *testing.T) {
	s := newServer(t)
	ann := s.AddUser("Ann", "ann@example.org")
	bob := s.AddAgent("Bob", "bob@example.org")
	s.AddOrganization("Org", ann)
	grp := s.AddGroup("Tier 2", bob)
	t1, _ := create(t, s, obj{"requester_id": ann, "assignee_id": bob, "group_id": grp, "tags": []string{"a"}})
	update(t, s, t1.ID, obj{"priority": "urgent", "comment": obj{"body": "more", "public": false}}).want(t, http.StatusOK)
	create(t, s, obj{"requester_id": ann, "group_id": DefaultGroupID})
	create(t, s, obj{})
	del, _ := create(t, s, obj{})
	send(t, s, "GET", tpath(del.ID, ".json"), nil).want(t, http.StatusOK)
	send(t, s, "DELETE", tpath(del.ID, ".json"), nil).want(t, http.StatusNoContent)

	get := func(path string) []byte {
		return send(t, s, "GET", strings.TrimPrefix(path, s.URL), nil).want(t, http.StatusOK).body
	}
	sq := url.Values{"query": {"type:ticket status<solved"}, "per_page": {"2"}}
	first := get("/api/v2/search.json?" + sq.Encode())
	sq.Set("page", "2")
	last := get("/api/v2/search.json?" + sq.Encode())
	var ep exportPage
	exp := get("/api/v2/search/export.json?" + url.Values{"query": {"status<solved"}, "filter[type]": {"ticket"},
		"page[size]": {"2"}}.Encode())
	json.Unmarshal(exp, &ep)
	var ip incPage
	inc := get(incPath("start_time", "0", "per_page", "2"))
	json.Unmarshal(inc, &ip)
	incEnd := get(*ip.AfterURL)
	json.Unmarshal(incEnd, &ip)
	cases := map[string][]byte{
		"search_tickets_page.json":           first,
		"search_tickets_page_last.json":      last,
		"search_count.json":                  get("/api/v2/search/count.json?query=x"),
		"search_export_page.json":            exp,
		"search_export_page_last.json":       get(*ep.Links.Next),
		"incremental_tickets_page.json":      inc,
		"incremental_tickets_page_end.json":  incEnd,
		"incremental_tickets_page_last.json": get(*ip.AfterURL),
		"ticket_events_page.json":            get("/api/v2/incremental/ticket_events.json?start_time=0"),
		"ticket_events_comments.json":        get("/api/v2/incremental/ticket_events.json?start_time=0&include=comment_events"),
		"ticket_sideloads.json":              get(tpath(t1.ID, ".json?include=users,groups,organizations")),
		"tickets_page_sideloads.json":        get("/api/v2/tickets.json?page[size]=2&include=users,groups,organizations,comment_count"),
	}
	for name, live := range cases {
		b, err := os.ReadFile(filepath.Join("..", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if want, got := shapeOf(t, b), shapeOf(t, live); !slices.Equal(want, got) {
			t.Errorf("%s: fixture keys\n%v\nserver keys\n%v", name, want, got)
		}
	}
}
