// Command sync keeps a local copy of every ticket of an account up to date with the
// incremental ticket export, the way a sync into a warehouse or another system does: it
// exports page by page, applies each page to its copy, and saves the cursor after each page,
// so that the next run (or this one, after a crash) resumes where it stopped and fetches only
// the tickets that changed since.
//
// The copy and the cursor live in one state file (-state, or ZENDESK_SYNC_STATE; by default
// zendesk-sync-state.json in the temporary directory), rewritten whole and renamed into place
// after each page, so a crash leaves the old state or the new one, never half of either.
//
// With no environment it runs offline, against zendesktest (a fake Zendesk started in this
// process). A fake lives only as long as the process, so the example plays both runs in one
// (a state file left by an earlier process is of another server, and is started over):
// it creates tickets, syncs them all (the first run), changes a few, deletes one and creates
// one, and syncs again from the saved cursor (the second run), which fetches only those:
//
//	go run ./examples/sync
//
// Against a real account each run is one sync, from the saved cursor when the state file has
// one, and the example only reads. The incremental export is for admins:
//
//	ZENDESK_SUBDOMAIN=acme (or ZENDESK_URL=https://support.example.com) plus one of
//	  ZENDESK_OAUTH_TOKEN                 (an admin's access token)
//	  ZENDESK_EMAIL and ZENDESK_API_TOKEN (API tokens, until 2027-04-30)
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/zendesktest"
)

func main() {
	statePath := flag.String("state", "", "the state file (default $ZENDESK_SYNC_STATE, else zendesk-sync-state.json in the temporary directory)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	path := *statePath
	if path == "" {
		path = os.Getenv("ZENDESK_SYNC_STATE")
	}
	if path == "" {
		path = filepath.Join(os.TempDir(), "zendesk-sync-state.json")
	}
	if err := run(ctx, os.Getenv, path, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "sync:", err)
		os.Exit(1)
	}
}

// run syncs against the account the environment names, or plays both runs against a fake.
func run(ctx context.Context, getenv func(string) string, statePath string, out io.Writer) error {
	subdomain, baseURL := getenv("ZENDESK_SUBDOMAIN"), getenv("ZENDESK_URL")
	if subdomain == "" && baseURL == "" {
		return offline(ctx, statePath, out)
	}
	var opts []zendesk.Option
	switch {
	case getenv("ZENDESK_OAUTH_TOKEN") != "":
		opts = append(opts, zendesk.WithOAuthToken(getenv("ZENDESK_OAUTH_TOKEN")))
	case getenv("ZENDESK_EMAIL") != "" && getenv("ZENDESK_API_TOKEN") != "":
		opts = append(opts, zendesk.WithAPIToken(getenv("ZENDESK_EMAIL"), getenv("ZENDESK_API_TOKEN")))
	default:
		return errors.New("set ZENDESK_OAUTH_TOKEN, or ZENDESK_EMAIL and ZENDESK_API_TOKEN, of an admin")
	}
	if baseURL != "" {
		opts = append(opts, zendesk.WithBaseURL(baseURL))
	}
	c, err := zendesk.NewClient(subdomain, opts...)
	if err != nil {
		return err
	}
	_, err = syncOnce(ctx, c, statePath, out)
	return err
}

// offline starts a fake Zendesk and plays a first run and a second one against it.
func offline(ctx context.Context, statePath string, out io.Writer) error {
	srv := zendesktest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "a fake Zendesk at %s; state file %s\n", srv.URL, statePath)
	ids := make([]int64, 25)
	for i := range ids {
		t, _, err := c.Tickets.Create(ctx, &zendesk.TicketRequest{
			Subject: zendesk.Set(fmt.Sprintf("Printer %d is on fire", i+1)),
			Comment: &zendesk.Comment{Body: "The smoke is very colorful."},
		})
		if err != nil {
			return err
		}
		ids[i] = t.ID
	}
	fmt.Fprintf(out, "created %d tickets\n\nfirst run:\n", len(ids))
	if _, err := syncOnce(ctx, c, statePath, out); err != nil {
		return err
	}

	fmt.Fprintln(out, "\nmeanwhile, on the server:")
	for _, id := range ids[2:4] {
		if _, _, err := c.Tickets.Update(ctx, id, &zendesk.TicketRequest{Status: zendesk.Set(zendesk.StatusPending)}); err != nil {
			return err
		}
		fmt.Fprintf(out, "  #%d set to pending\n", id)
	}
	if err := c.Tickets.Delete(ctx, ids[6]); err != nil {
		return err
	}
	fmt.Fprintf(out, "  #%d deleted\n", ids[6])
	t, _, err := c.Tickets.Create(ctx, &zendesk.TicketRequest{
		Subject: zendesk.Set("Printer 26 is on fire"), Comment: &zendesk.Comment{Body: "Again."}})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  #%d created\n\nsecond run:\n", t.ID)
	_, err = syncOnce(ctx, c, statePath, out)
	return err
}

// state is what a sync keeps between runs: where the export stopped, and the copy of the
// tickets it keeps up to date (a real sync writes the copy to a database instead).
type state struct {
	// Server is the API the cursor belongs to; a cursor is worth nothing elsewhere.
	Server string `json:"server"`
	// Cursor resumes the export after the last page applied.
	Cursor  string                 `json:"cursor"`
	Tickets map[int64]ticketRecord `json:"tickets"`
}

type ticketRecord struct {
	Subject   string    `json:"subject"`
	Status    string    `json:"status"`
	UpdatedAt time.Time `json:"updated_at"`
}

// result is what one sync did.
type result struct {
	Pages, Fetched, New, Updated, Deleted int
}

// syncOnce exports what changed since the state's cursor (everything, the first time), applies
// each page to the copy and saves the state after each page.
func syncOnce(ctx context.Context, c *zendesk.Client, statePath string, out io.Writer) (result, error) {
	var res result
	st, err := load(statePath)
	if err != nil {
		return res, err
	}
	server := c.BaseURL().String()
	opts := &zendesk.IncrementalOptions{Cursor: st.Cursor, PerPage: 10}
	switch {
	case st.Cursor != "" && st.Server == server:
		fmt.Fprintf(out, "  resuming from the saved cursor (%d tickets in the copy)\n", len(st.Tickets))
	case st.Cursor != "":
		fmt.Fprintf(out, "  the saved cursor is of another server (%s): exporting everything again\n", st.Server)
		fallthrough
	default:
		st = &state{Server: server, Tickets: map[int64]ticketRecord{}}
		opts = &zendesk.IncrementalOptions{StartTime: time.Unix(0, 0), PerPage: 10}
		fmt.Fprintln(out, "  no saved cursor: exporting every ticket")
	}
	for page, err := range c.Incremental.TicketPages(ctx, opts) {
		if err != nil {
			return res, err
		}
		res.Pages++
		res.Fetched += len(page.Tickets)
		var changed []string
		for _, t := range page.Tickets {
			_, had := st.Tickets[t.ID]
			switch {
			case t.Status == "deleted":
				if had {
					res.Deleted++
				}
				delete(st.Tickets, t.ID)
				changed = append(changed, "-#"+strconv.FormatInt(t.ID, 10))
				continue
			case had:
				res.Updated++
				changed = append(changed, "~#"+strconv.FormatInt(t.ID, 10))
			default:
				res.New++
				changed = append(changed, "+#"+strconv.FormatInt(t.ID, 10))
			}
			st.Tickets[t.ID] = ticketRecord{Subject: t.Subject, Status: string(t.Status), UpdatedAt: t.UpdatedAt}
		}
		st.Cursor = page.AfterCursor
		if err := save(statePath, st); err != nil {
			return res, err
		}
		end := ""
		if page.EndOfStream {
			end = ", end of stream"
		}
		fmt.Fprintf(out, "  page %d: %d tickets %v%s; cursor saved\n", res.Pages, len(page.Tickets), shorten(changed), end)
	}
	fmt.Fprintf(out, "  fetched %d ticket%s in %d request%s: %d new, %d updated, %d deleted; %d in the copy\n",
		res.Fetched, plural(res.Fetched), res.Pages, plural(res.Pages), res.New, res.Updated, res.Deleted, len(st.Tickets))
	return res, nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// shorten lists at most a handful of changes.
func shorten(s []string) []string {
	if len(s) <= 5 {
		return s
	}
	return append(slices.Clip(s[:4]), fmt.Sprintf("… %d more", len(s)-4))
}

// load reads the state file; a missing one is an empty state.
func load(path string) (*state, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return &state{Tickets: map[int64]ticketRecord{}}, nil
	}
	if err != nil {
		return nil, err
	}
	st := &state{}
	if err := json.Unmarshal(b, st); err != nil {
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	if st.Tickets == nil {
		st.Tickets = map[int64]ticketRecord{}
	}
	return st, nil
}

// save writes the state to a temporary file beside path and renames it into place, so that
// the file always holds one whole state.
func save(path string, st *state) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
