package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/zendesktest"
)

// TestRun_Offline runs the example as `go run ./examples/sync` does with no environment, twice
// with the same state file: each run's second sync fetches only the four tickets that changed,
// in one request; the second process finds the first one's state of another server.
func TestRun_Offline(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	for i, extra := range []string{"no saved cursor: exporting every ticket", "the saved cursor is of another server"} {
		var out bytes.Buffer
		if err := run(context.Background(), func(string) string { return "" }, path, &out); err != nil {
			t.Fatalf("run %d: %v\n%s", i+1, err, &out)
		}
		for _, want := range []string{
			extra,
			"page 3: 5 tickets [+#21 +#22 +#23 +#24 +#25], end of stream; cursor saved",
			"fetched 25 tickets in 3 requests: 25 new, 0 updated, 0 deleted; 25 in the copy",
			"resuming from the saved cursor (25 tickets in the copy)",
			"fetched 4 tickets in 1 request: 1 new, 2 updated, 1 deleted; 25 in the copy",
		} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("run %d: output lacks %q:\n%s", i+1, want, &out)
			}
		}
		// The four changes come in the export's order, by updated_at (whole seconds) then id:
		// #26, created in the seeding's second, comes first unless a second ended in between,
		// when all four share one and come by id. Either order is right; the page must hold
		// the four.
		if got := changesOnPage(out.String(), "page 1: 4 tickets [", "], end of stream; cursor saved"); !slices.Equal(got, []string{"+#26", "-#7", "~#3", "~#4"}) {
			t.Errorf("run %d: the second sync's page holds %q, want +#26 ~#3 ~#4 -#7 in any order:\n%s", i+1, got, &out)
		}
	}
}

// changesOnPage returns, sorted, the changes listed on the output's line that starts with
// prefix (after indentation) and ends with suffix; nil if there is none.
func changesOnPage(out, prefix, suffix string) []string {
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(line, prefix); ok {
			if list, ok := strings.CutSuffix(rest, suffix); ok {
				got := strings.Fields(list)
				slices.Sort(got)
				return got
			}
		}
	}
	return nil
}

// TestRun_TwiceAgainstAnAccount runs the example twice as a real account's sync, against a
// fake Zendesk that outlives both runs: the first exports every ticket, the second only the
// ones changed in between, from the cursor the first saved.
func TestRun_TwiceAgainstAnAccount(t *testing.T) {
	srv, c := zendesktest.Start(t)
	ctx := context.Background()
	var ids []int64
	for range 23 {
		tk, _, err := c.Tickets.Create(ctx, &zendesk.TicketRequest{Subject: zendesk.Set("Printer"), Comment: &zendesk.Comment{Body: "Smoke."}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.ID)
	}
	env := map[string]string{"ZENDESK_URL": srv.URL, "ZENDESK_EMAIL": zendesktest.DefaultAgentEmail, "ZENDESK_API_TOKEN": zendesktest.DefaultAPIToken}
	getenv := func(k string) string { return env[k] }
	path := filepath.Join(t.TempDir(), "state.json")

	var out bytes.Buffer
	if err := run(ctx, getenv, path, &out); err != nil {
		t.Fatalf("first run: %v\n%s", err, &out)
	}
	if !strings.Contains(out.String(), "fetched 23 tickets in 3 requests: 23 new") {
		t.Errorf("first run:\n%s", &out)
	}
	first := readState(t, path)
	if len(first.Tickets) != 23 || first.Cursor == "" {
		t.Fatalf("state after the first run: %d tickets, cursor %q", len(first.Tickets), first.Cursor)
	}

	if _, _, err := c.Tickets.Update(ctx, ids[5], &zendesk.TicketRequest{Subject: zendesk.Set("Printer, still")}); err != nil {
		t.Fatal(err)
	}
	before := srv.RequestCount(http.MethodGet, "incremental/tickets/cursor")
	out.Reset()
	if err := run(ctx, getenv, path, &out); err != nil {
		t.Fatalf("second run: %v\n%s", err, &out)
	}
	if !strings.Contains(out.String(), "resuming from the saved cursor (23 tickets in the copy)") ||
		!strings.Contains(out.String(), "fetched 1 ticket in 1 request: 0 new, 1 updated, 0 deleted; 23 in the copy") {
		t.Errorf("second run:\n%s", &out)
	}
	if n := srv.RequestCount(http.MethodGet, "incremental/tickets/cursor") - before; n != 1 {
		t.Errorf("the second run made %d export requests, want 1", n)
	}
	second := readState(t, path)
	if second.Tickets[ids[5]].Subject != "Printer, still" || second.Cursor == first.Cursor {
		t.Errorf("state after the second run: %+v, cursor moved: %v", second.Tickets[ids[5]], second.Cursor != first.Cursor)
	}
	if q := srv.Requests()[len(srv.Requests())-1].Query; q.Get("cursor") != first.Cursor || q.Get("start_time") != "" {
		t.Errorf("the second run asked %v, want the first run's cursor", q)
	}
}

func TestRun_NeedsCredentials(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), func(k string) string { return map[string]string{"ZENDESK_SUBDOMAIN": "acme"}[k] }, "unused", &out)
	if err == nil || !strings.Contains(err.Error(), "ZENDESK_OAUTH_TOKEN") || out.Len() != 0 {
		t.Errorf("err %v, output %q", err, &out)
	}
}

func readState(t *testing.T, path string) *state {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var st state
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	return &st
}
