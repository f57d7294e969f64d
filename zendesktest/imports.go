package zendesktest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// jobBulkImport is the job_type of imports/tickets/create_many *(choice: not recorded)*.
const jobBulkImport = "Bulk Import Tickets"

// importComment is one comment of an imported ticket.
type importComment struct {
	AuthorID  *int64   `json:"author_id"`
	Value     string   `json:"value"`
	Body      string   `json:"body"`
	HTMLBody  string   `json:"html_body"`
	Public    *bool    `json:"public"`
	CreatedAt string   `json:"created_at"`
	Uploads   []string `json:"uploads"`
}

func (c *importComment) text() string {
	switch {
	case c.Body != "":
		return c.Body
	case c.Value != "":
		return c.Value
	}
	return htmlText(c.HTMLBody)
}

// blank reports whether the comment has neither body, value nor html_body.
func (c *importComment) blank() bool { return c.Body == "" && c.Value == "" && c.HTMLBody == "" }

// importInput is what an import adds to a ticket object: its times and comments.
type importInput struct {
	CreatedAt opt[string]     `json:"created_at"`
	UpdatedAt opt[string]     `json:"updated_at"`
	SolvedAt  opt[string]     `json:"solved_at"`
	Comments  []importComment `json:"comments"`
}

func decodeImport(raw json.RawMessage) (*ticketInput, *importInput, *apiError) {
	in, _, err := decodeTicket(raw)
	if err != nil {
		return nil, nil, err
	}
	var imp importInput
	if e := json.Unmarshal(raw, &imp); e != nil {
		return nil, nil, errBadRequest("InvalidValue", "Invalid ticket: "+e.Error())
	}
	return in, &imp, nil
}

// importTime reads a time of an import: RFC 3339, or def when absent.
func importTime(o opt[string], field string, def time.Time, d details) time.Time {
	if !o.has() {
		return def
	}
	t, err := time.Parse(time.RFC3339, o.v)
	if err != nil {
		d.add(field, label(field)+": is not a time", "InvalidValue")
		return def
	}
	return t.UTC().Truncate(time.Second)
}

// importTicket makes a ticket as imports do: its times and comments are kept as given, and none
// of the rules for new tickets run (the status stays what was given, closed included; an
// assignee does not open a new ticket; solving needs no assignee).
func (st *store) importTicket(in *ticketInput, imp *importInput, by caller) (*Ticket, *apiError) {
	n := now()
	d := details{}
	created := importTime(imp.CreatedAt, "created_at", n, d)
	t := newTicket(by, apiVia(), created)
	st.applyNew(t, in, d)
	if t.BrandID == nil {
		t.BrandID = ptr(DefaultBrandID)
	}
	if t.TicketFormID == nil {
		t.TicketFormID = ptr(DefaultTicketFormID)
	}
	if !in.CustomStatusID.has() {
		t.CustomStatusID = ptr(DefaultCustomStatusID(t.Status))
	}
	comments := slices.Clone(imp.Comments)
	if len(comments) == 0 && in.Description.has() {
		comments = []importComment{{Body: in.Description.v}}
	}
	if len(comments) == 0 && !in.Comment.blank() {
		comments = []importComment{{Body: in.Comment.text(), HTMLBody: in.Comment.HTMLBody, Public: in.Comment.Public}}
	}
	if len(comments) == 0 {
		d.add("description", "Description: cannot be blank", "BlankValue")
	}
	times := make([]time.Time, len(comments))
	last := created
	for i, c := range comments {
		if c.blank() {
			d.add("comments", fmt.Sprintf("Comments: comment %d has no value, body or html_body", i), "BlankValue")
		}
		if c.AuthorID != nil && !st.userExists(*c.AuthorID) {
			d.add("comments", fmt.Sprintf("Comments: author %d not found", *c.AuthorID), "InvalidValue")
		}
		times[i] = importTime(opt[string]{set: c.CreatedAt != "", v: c.CreatedAt}, "comments", created, d)
		last = maxTime(last, times[i])
	}
	t.UpdatedAt = importTime(imp.UpdatedAt, "updated_at", last, d)
	importTime(imp.SolvedAt, "solved_at", time.Time{}, d)
	if err := d.err(); err != nil {
		return nil, err
	}
	st.admit(t, comments[0].text(), comments[0].Public)
	st.tickets[t.ID] = t
	for i, c := range comments {
		author := t.RequesterID
		if c.AuthorID != nil {
			author = *c.AuthorID
		}
		public := t.IsPublic
		if c.Public != nil {
			public = *c.Public
		}
		ci := &commentInput{Body: c.text(), HTMLBody: c.HTMLBody, Uploads: c.Uploads}
		evs := []AuditEvent{commentEvent(author, ci, public)}
		var metadata map[string]any
		if i == 0 {
			evs = append(evs, fieldEvents(nil, t)...)
			metadata = in.Metadata
		}
		a := st.record(t, by, evs, metadata)
		a.CreatedAt = times[i]
		if i == 0 {
			a.CreatedAt = created
		}
	}
	return t, nil
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// isAdmin reports whether the caller may import: imports are for admins only.
func (st *store) isAdmin(id int64) bool {
	u, ok := st.users[id]
	return ok && u.Role == roleAdmin
}

// importsAllowed refuses callers other than admins, with the answer Zendesk gives them.
func (s *Server) importsAllowed(actor int64) *apiError {
	if !s.st.isAdmin(actor) {
		return errForbidden("You do not have access to this page. Please contact the account owner of this help desk for further help.")
	}
	return nil
}

// importTicket serves POST imports/tickets[?archive_immediately=true]: 201 {ticket}.
func (s *Server) importTicket(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	if err := s.importsAllowed(actor); err != nil {
		return err
	}
	raw, err := ticketObject(r)
	if err != nil {
		return err
	}
	in, imp, err := decodeImport(raw)
	if err != nil {
		return err
	}
	t, err := s.st.importTicket(in, imp, s.caller(r, actor))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"ticket": s.st.render(t)})
	return nil
}

// importMany serves POST imports/tickets/create_many (at most 100): a job whose results are
// [{index, id}] like create_many's.
func (s *Server) importMany(w http.ResponseWriter, r *http.Request, actor int64) *apiError {
	if err := s.importsAllowed(actor); err != nil {
		return err
	}
	raws, err := bulkTickets(r)
	if err != nil {
		return err
	}
	type item struct {
		in  *ticketInput
		imp *importInput
	}
	items := make([]item, len(raws))
	for i, raw := range raws {
		in, imp, err := decodeImport(raw)
		if err != nil {
			return err
		}
		items[i] = item{in, imp}
	}
	by := s.caller(r, actor)
	s.startJob(w, jobBulkImport, len(items), func() any {
		return createResults(len(items), "import", "TicketImportFailed", func(i int) (*Ticket, *apiError) {
			return s.st.importTicket(items[i].in, items[i].imp, by)
		})
	})
	return nil
}
