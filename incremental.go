package zendesk

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/url"
	"strconv"
	"time"
)

// IncrementalService reaches the incremental exports: every ticket changed since a point in
// time or a saved cursor, and every ticket event since a point in time. They are how a sync
// keeps another system up to date. They are for admins, and Zendesk allows them 10 requests a
// minute (30 with the High Volume add-on): the client paces itself by the budget each answer
// tells (see [Client.RateLimitFor] with "incremental-exports"), so a long export waits for
// its window instead of meeting 429s.
//
// Only the cursor-based ticket export is offered: the time-based one repeats tickets, and loops
// for ever when a page's tickets share one generated_timestamp.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/
type IncrementalService service

// IncrementalOptions says where an incremental export starts and what its pages carry.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#query-parameters
type IncrementalOptions struct {
	// StartTime starts the export at the items whose generated_timestamp (which moves on every
	// change, system ones too) is at or after it; it must be set when Cursor is not, and not
	// be in the future. Zendesk leaves out the changes of the last minute.
	StartTime time.Time `url:"start_time,unix,omitempty"`
	// Cursor, when set, resumes an export where an earlier one ended: the AfterCursor of the
	// last page it processed ([TicketExportPage]). StartTime is then not sent. The ticket events
	// export has no cursor.
	Cursor string `url:"cursor,omitempty"`
	// Include names records to side-load with each page (include=users,groups,organizations),
	// or for ticket events "comment_events" (each comment in full among the child events).
	Include []string `url:"include,comma,omitempty"`
	// ExcludeDeleted leaves deleted tickets out of the ticket export (exclude_deleted=true);
	// else they come with status "deleted".
	ExcludeDeleted bool `url:"exclude_deleted,omitempty"`
	// PerPage is per_page, at most 1,000; 0 means 1,000, Zendesk's default.
	PerPage int `url:"per_page,omitempty"`
}

// values returns the query of the first page of an export, validating the options first;
// cursorOK says whether the export takes a cursor.
func (o *IncrementalOptions) values(op string, cursorOK bool) (url.Values, error) {
	if o == nil {
		return nil, invalid(op, "no options: set StartTime (or Cursor) to say where the export starts")
	}
	w := *o
	switch {
	case w.Cursor != "" && !cursorOK:
		return nil, invalid(op, "this export is time-based: it takes StartTime, not Cursor")
	case w.ExcludeDeleted && !cursorOK:
		return nil, invalid(op, "ExcludeDeleted applies to the ticket export only")
	case w.Cursor == "" && w.StartTime.IsZero():
		return nil, invalid(op, "set StartTime (or Cursor) to say where the export starts")
	case w.Cursor == "" && w.StartTime.Unix() < 0:
		return nil, invalid(op, "StartTime %s is before 1970", w.StartTime.UTC().Format(time.RFC3339))
	case w.Cursor == "" && w.StartTime.After(time.Now()):
		return nil, invalid(op, "StartTime %s is in the future", w.StartTime.UTC().Format(time.RFC3339))
	case w.PerPage < 0 || w.PerPage > maxExportPageSize:
		return nil, invalid(op, "PerPage %d is outside 1 to %d", w.PerPage, maxExportPageSize)
	}
	if err := checkInclude(op, w.Include); err != nil {
		return nil, err
	}
	for _, name := range w.Include {
		if name == "last_audits" {
			return nil, invalid(op, "the incremental export cannot side-load last_audits")
		}
	}
	if w.Cursor != "" {
		w.StartTime = time.Time{}
	}
	if w.PerPage == 0 {
		w.PerPage = maxExportPageSize // sent, so that the page's size is known
	}
	return encodeQuery(op, &w)
}

// TicketExportPage is one page of the incremental ticket export.
type TicketExportPage struct {
	// Tickets are the tickets changed since the page's start, oldest change first; a deleted
	// ticket has status "deleted".
	Tickets []Ticket
	// Sideloads holds the records asked for with Include, or nil when none were asked for.
	Sideloads *Sideloads
	// AfterCursor resumes the export after this page (as IncrementalOptions.Cursor): save it
	// once the page is processed. It is never empty on a page asked for with a cursor: where
	// the server sends null (an empty last page), it is the cursor the page was asked with. It
	// is empty only when an export from StartTime found nothing at all; start from the same
	// StartTime next time.
	AfterCursor string
	// EndOfStream is true on the last page: nothing changed after it, for now.
	EndOfStream bool
}

// TicketPages iterates over the pages of the incremental ticket export, from opts.StartTime or
// opts.Cursor on, until the page that says end of stream. A sync processes each page and then
// saves its AfterCursor, from which a later export resumes with what changed since (a ticket
// changed again after its page comes again). Exporting N tickets costs ceil(N / per_page)
// requests; only one page is held at a time.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-export-cursor-based
func (s *IncrementalService) TicketPages(ctx context.Context, opts *IncrementalOptions) iter.Seq2[*TicketExportPage, error] {
	return s.ticketPages(ctx, "Incremental.TicketPages", opts)
}

// ticketPages is TicketPages for the method op, which its errors name.
func (s *IncrementalService) ticketPages(ctx context.Context, op string, opts *IncrementalOptions) iter.Seq2[*TicketExportPage, error] {
	return func(yield func(*TicketExportPage, error) bool) {
		q, err := opts.values(op, true)
		if err != nil {
			yield(nil, err)
			return
		}
		asked := opts.Cursor
		seen := map[string]bool{}
		for n := 1; ; n++ {
			body := &pageBody[Ticket]{key: "tickets", size: pageSizeOf(q)}
			if _, err := s.client.get(ctx, "incremental/tickets/cursor.json", q, body); err != nil {
				yield(nil, err)
				return
			}
			page := &TicketExportPage{Tickets: body.page.Items, Sideloads: body.page.Sideloads,
				AfterCursor: body.page.AfterCursor, EndOfStream: body.endOfStream}
			if page.AfterCursor == "" {
				page.AfterCursor = asked
			}
			if !yield(page, nil) || page.EndOfStream {
				return
			}
			var stop error
			switch {
			case page.AfterCursor == "":
				stop = errPaging(op, "page %d says more follow but gives no cursor", n)
			case page.AfterCursor == asked || seen[page.AfterCursor]:
				stop = errPaging(op, "the cursor of page %d came back a second time", n)
			}
			if stop != nil {
				yield(nil, stop)
				return
			}
			seen[page.AfterCursor] = true
			asked = page.AfterCursor
			q.Del("start_time")
			q.Set("cursor", asked)
		}
	}
}

// Tickets iterates over the tickets of the incremental ticket export, ticket by ticket, as
// [IncrementalService.TicketPages] fetches them. A sync that must resume where it stopped
// uses TicketPages, whose pages carry the cursor to save.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-export-cursor-based
func (s *IncrementalService) Tickets(ctx context.Context, opts *IncrementalOptions) iter.Seq2[Ticket, error] {
	return func(yield func(Ticket, error) bool) {
		for page, err := range s.ticketPages(ctx, "Incremental.Tickets", opts) {
			if err != nil {
				yield(Ticket{}, err)
				return
			}
			for _, t := range page.Tickets {
				if !yield(t, nil) {
					return
				}
			}
		}
	}
}

// TicketEvent is one entry of the ticket event export: an update of a ticket (an audit), with
// what it did as child events.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-event-export
type TicketEvent struct {
	ID       int64 `json:"id"`
	TicketID int64 `json:"ticket_id"`
	// UpdaterID is the user who made the update (-1 for Zendesk itself).
	UpdaterID int64 `json:"updater_id"`
	// Timestamp is when the update was made (the export's own time, Unix seconds on the wire).
	Timestamp time.Time `json:"timestamp"`
	// EventType is the kind of update, e.g. "Audit".
	EventType string `json:"event_type"`
	Via       *Via   `json:"via"`
	// ChildEvents are what the update did. Their JSON differs from an audit's events: a field
	// change is keyed by the field's name ({"event_type": "Change", "status": "pending",
	// "previous_value": "new"}) and the kind is in event_type. Each event's Type is its
	// event_type and its Raw the whole event, so every key stays at hand.
	ChildEvents []AuditEvent `json:"child_events"`
	// MergedTicketIDs are the tickets merged into this one by the update, if any.
	MergedTicketIDs []int64 `json:"merged_ticket_ids"`
	// System holds what Zendesk recorded of the client that made the update (client, ip_address,
	// location, latitude, longitude).
	System map[string]any `json:"system"`
}

// UnmarshalJSON decodes an event with the tolerance of [Ticket], its child events in the form
// [IncrementalService.TicketEvents] yields them, so an event kept in a queue or a cache (as the
// server sent it, or as json.Marshal wrote it) reads back as the export yielded it.
func (e *TicketEvent) UnmarshalJSON(b []byte) error { return unmarshal(b, e) }

// TicketEvents iterates over the ticket events since opts.StartTime, oldest first, page by page
// (the export is time-based: each page's next_page gives the next start_time; opts.Cursor and
// opts.ExcludeDeleted do not apply). Include "comment_events" to have each comment in full among
// the child events. An event that a page repeats from the end of the page before (Zendesk
// starts a page at the second the last one ended in) is yielded once.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-event-export
func (s *IncrementalService) TicketEvents(ctx context.Context, opts *IncrementalOptions) iter.Seq2[TicketEvent, error] {
	const op = "Incremental.TicketEvents"
	return func(yield func(TicketEvent, error) bool) {
		q, err := opts.values(op, false)
		if err != nil {
			yield(TicketEvent{}, err)
			return
		}
		start := opts.StartTime.Unix()
		var lastSecond map[int64]bool // ids of the events of the last page's last second
		var lastTime int64
		for n := 1; ; n++ {
			// A page runs to the end of its last second, which may hold more than per_page
			// events: it is held to the most a page can have, not to per_page.
			body := &pageBody[TicketEvent]{key: "ticket_events", size: maxExportPageSize}
			if _, err := s.client.get(ctx, "incremental/ticket_events.json", q, body); err != nil {
				yield(TicketEvent{}, err)
				return
			}
			events := body.page.Items // their child events in an audit event's form (readTicketEvent)
			for i := range events {
				e := &events[i]
				if ts := e.Timestamp.Unix(); ts == lastTime && lastSecond[e.ID] {
					continue
				}
				if !yield(*e, nil) {
					return
				}
			}
			if body.endOfStream || len(events) == 0 {
				return
			}
			next, err := nextStartTime(body.nextPage)
			if err == nil && next <= start {
				// The next page would be this one again: on Zendesk, a page whose events
				// are all of one second (more than per_page events in it).
				err = fmt.Errorf("next_page's start_time %d does not move past this page's %d", next, start)
			}
			if err != nil {
				yield(TicketEvent{}, errPaging(op, "page %d: %v", n, err))
				return
			}
			lastTime, lastSecond = events[len(events)-1].Timestamp.Unix(), map[int64]bool{}
			for _, e := range events {
				if e.Timestamp.Unix() == lastTime {
					lastSecond[e.ID] = true
				}
			}
			start = next
			q.Set("start_time", strconv.FormatInt(next, 10))
		}
	}
}

// nextStartTime reads the start_time of a time-based export's next_page URL.
func nextStartTime(nextPage string) (int64, error) {
	if nextPage == "" {
		return 0, fmt.Errorf("a page says more follow but has no next_page")
	}
	u, err := url.Parse(nextPage)
	if err != nil {
		return 0, fmt.Errorf("next_page is not a URL")
	}
	n, err := strconv.ParseInt(u.Query().Get("start_time"), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("next_page has no start_time")
	}
	return n, nil
}

// childMeta are the keys of a child event that are not the field it records. (A tags event
// also lists added_tags and removed_tags next to tags.)
var childMeta = map[string]bool{"id": true, "via": true, "via_reference_id": true, "event_type": true,
	"previous_value": true, "created_at": true, "added_tags": true, "removed_tags": true}

// childEvent gives a child event of the ticket event export the form of an audit's event. The
// export keys a field's event by the field's name ({"event_type": "Change", "status":
// "pending", "previous_value": "new"}), so a field named "type" or "subject" would read as the
// event's kind or a notification's subject: Type becomes event_type, and a Create or Change
// gets FieldName (the first key that is not one of every event's), Value and PreviousValue, as
// in an audit. A comment summary (comment_present) gets Public from comment_public. Raw keeps
// every key as sent.
func childEvent(e *AuditEvent) {
	var kind, field string
	var value, previous, public json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(e.Raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			return
		}
		switch {
		case key == "event_type":
			_ = json.Unmarshal(v, &kind)
		case key == "previous_value":
			previous = v
		case key == "comment_public":
			public = v
		case field == "" && !childMeta[key]:
			field, value = key, v
		}
	}
	switch kind {
	case "":
	case "Create", "Change":
		*e = AuditEvent{ID: e.ID, Type: kind, Via: e.Via, Raw: e.Raw, FieldName: field, Value: jsonValue(value)}
		if previous != nil {
			e.PreviousValue = jsonValue(previous)
		}
	default:
		e.Type = kind
		if public != nil {
			_ = json.Unmarshal(public, &e.Public)
		}
	}
}

// jsonValue decodes any JSON value as [AuditEvent.Value] holds it: numbers as json.Number.
func jsonValue(b json.RawMessage) any {
	if b == nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil
	}
	return v
}
