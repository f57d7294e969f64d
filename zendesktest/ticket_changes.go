package zendesktest

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"time"
)

// How a ticket is made and changed: the create and update rules, and the audits (with their
// field and comment events) that record each change. What each input field does is apply.go's.

// tracked lists the fields whose changes an audit records, as the event value Zendesk shows:
// ids are strings there ("requester_id" → "26155588908179"), as the audit events reference says
// values normally are; tags a list.
var tracked = []struct {
	name string
	get  func(*Ticket) any
}{
	{"subject", func(t *Ticket) any { return t.Subject }},
	{"status", func(t *Ticket) any { return t.Status }},
	{"priority", func(t *Ticket) any { return deref(t.Priority) }},
	{"type", func(t *Ticket) any { return deref(t.Type) }},
	{"requester_id", func(t *Ticket) any { return idValue(&t.RequesterID) }},
	{"submitter_id", func(t *Ticket) any { return idValue(&t.SubmitterID) }},
	{"assignee_id", func(t *Ticket) any { return idValue(t.AssigneeID) }},
	{"group_id", func(t *Ticket) any { return idValue(t.GroupID) }},
	{"organization_id", func(t *Ticket) any { return idValue(t.OrganizationID) }},
	{"tags", func(t *Ticket) any { return cloneOrEmpty(t.Tags) }},
	{"collaborator_ids", func(t *Ticket) any { return cloneOrEmpty(t.CollaboratorIDs) }},
	{"follower_ids", func(t *Ticket) any { return cloneOrEmpty(t.FollowerIDs) }},
	{"email_cc_ids", func(t *Ticket) any { return cloneOrEmpty(t.EmailCCIDs) }},
	{"external_id", func(t *Ticket) any { return deref(t.ExternalID) }},
	{"problem_id", func(t *Ticket) any { return idValue(t.ProblemID) }},
	{"due_at", func(t *Ticket) any {
		if t.DueAt == nil {
			return nil
		}
		return t.DueAt.Format(time.RFC3339)
	}},
	{"recipient", func(t *Ticket) any { return deref(t.Recipient) }},
	{"forum_topic_id", func(t *Ticket) any { return idValue(t.ForumTopicID) }},
	{"ticket_form_id", func(t *Ticket) any { return idValue(t.TicketFormID) }},
	{"brand_id", func(t *Ticket) any { return idValue(t.BrandID) }},
	{"custom_status_id", func(t *Ticket) any { return idValue(t.CustomStatusID) }},
	{"raw_subject", func(t *Ticket) any { return t.RawSubject }},
}

// idValue is an id as an audit event shows it: a decimal string, or nil when unset.
func idValue(p *int64) any {
	if p == nil {
		return nil
	}
	return strconv.FormatInt(*p, 10)
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func isEmpty(v any) bool {
	if v == nil || v == "" {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Slice && rv.Len() == 0
}

// fieldEvents compares a ticket before and after a change: Create events for the fields of a
// new ticket (before is nil), Change events with previous_value for an update.
func fieldEvents(before, after *Ticket) []AuditEvent {
	var evs []AuditEvent
	for _, f := range tracked {
		v := f.get(after)
		if before == nil {
			if !isEmpty(v) {
				evs = append(evs, AuditEvent{"type": "Create", "field_name": f.name, "value": v})
			}
			continue
		}
		if prev := f.get(before); !reflect.DeepEqual(prev, v) {
			evs = append(evs, AuditEvent{"type": "Change", "field_name": f.name, "value": v, "previous_value": prev})
		}
	}
	old := map[int64]any{}
	if before != nil {
		for _, c := range before.CustomFields {
			old[c.ID] = c.Value
		}
	}
	for _, c := range after.CustomFields {
		prev, had := old[c.ID]
		name := strconv.FormatInt(c.ID, 10)
		switch {
		case before == nil && c.Value != nil:
			evs = append(evs, AuditEvent{"type": "Create", "field_name": name, "value": c.Value})
		case before != nil && (!had || !reflect.DeepEqual(prev, c.Value)):
			evs = append(evs, AuditEvent{"type": "Change", "field_name": name, "value": c.Value, "previous_value": prev})
		}
	}
	return evs
}

func commentEvent(author int64, c *commentInput, public bool) AuditEvent {
	body := c.text()
	html := c.HTMLBody
	if html == "" {
		html = "<div class=\"zd-comment\"><p>" + body + "</p></div>"
	}
	return AuditEvent{
		"type": "Comment", "author_id": author, "body": body, "html_body": html,
		"plain_body": body, "public": public, "attachments": []any{},
	}
}

// record stores an audit of a change to t, made at t.UpdatedAt, giving ids to it and its events.
func (st *store) record(t *Ticket, by caller, evs []AuditEvent, metadata map[string]any) *Audit {
	if metadata == nil {
		metadata = map[string]any{}
	}
	a := &Audit{
		ID: st.nextEventID(), TicketID: t.ID, CreatedAt: t.UpdatedAt, AuthorID: by.id,
		Metadata: AuditMetadata{Custom: metadata, System: by.system}, Via: apiVia(), Events: evs,
	}
	for _, ev := range evs {
		ev["id"] = st.nextEventID()
		if ev["type"] == "Comment" {
			ev["audit_id"] = a.ID
			st.comments[t.ID] = append(st.comments[t.ID], ev["id"].(int64))
		}
	}
	st.audits[t.ID] = append(st.audits[t.ID], a)
	if st.onRecord != nil {
		st.onRecord(t, a)
	}
	st.changed(t.ID)
	return a
}

// newTicket is a ticket as every create starts it: new, requested by the caller, public and
// taking attachments, made at a time.
func newTicket(by caller, via Via, at time.Time) *Ticket {
	return &Ticket{Status: "new", RequesterID: by.id, IsPublic: true, AllowAttachments: true,
		Via: via, CreatedAt: at, UpdatedAt: at}
}

// applyInput writes an input onto t (apply), then keeps the tags of custom fields and the
// ticket's tags in step (syncFieldTags). Every create, import, update, bulk update and tags
// endpoint comes through here, so each gets the same rules and the audit its events.
func (st *store) applyInput(t *Ticket, in *ticketInput, d details) {
	before := t.Tags
	st.apply(t, in, d)
	st.syncFieldTags(t, before, st.sentFields(in))
}

// applyNew writes a new ticket's input onto t: its fields, then the submitter (the requester
// unless submitter_id names another user) and the organization (the requester's unless given).
func (st *store) applyNew(t *Ticket, in *ticketInput, d details) {
	st.applyInput(t, in, d)
	t.SubmitterID = t.RequesterID
	if in.SubmitterID.has() {
		if st.userExists(in.SubmitterID.v) {
			t.SubmitterID = in.SubmitterID.v
		} else {
			d.add("submitter", fmt.Sprintf("Submitter: %d not found", in.SubmitterID.v), "InvalidValue")
		}
	}
	if !in.OrganizationID.set {
		if u, ok := st.users[t.RequesterID]; ok {
			t.OrganizationID = u.OrganizationID
		}
	}
}

// admit gives a new ticket, once valid, its id, and the description and visibility of its
// first comment.
func (st *store) admit(t *Ticket, description string, public *bool) {
	st.nextTicket++
	st.ticketsCreated++
	t.ID = st.nextTicket
	t.changed = changes.Add(1)
	t.Description = description
	if public != nil {
		t.IsPublic = *public
	}
}

// createTicket makes a ticket from an input, with the seed's rules: the requester (default: the
// caller) may be named by id, email or object; the submitter is the requester unless
// submitter_id says otherwise and writes the first comment, which is the description; status
// is new unless given, open when the ticket has an assignee (as every recorded create answers);
// the account's brand, form and custom status fill in; a follow-up of a closed ticket records
// where it came from.
func (st *store) createTicket(in *ticketInput, by caller, via Via) (*Ticket, *Audit, *apiError) {
	t := newTicket(by, via, now())
	d := details{}
	var source *Ticket
	if in.ViaFollowupSourceID.has() {
		// Only a closed ticket can be followed up; for any other the key has no effect.
		if src, ok := st.tickets[in.ViaFollowupSourceID.v]; ok && src.Status == "closed" {
			source = src
			t.RequesterID, t.Subject, t.RawSubject = src.RequesterID, src.Subject, src.RawSubject
			t.Via.Source.Rel = ptr("follow_up")
			t.Via.Source.From = map[string]any{"ticket_id": src.ID, "subject": src.Subject, "channel": src.Via.Channel}
		}
	}
	st.applyNew(t, in, d)
	settle(t, in, "")
	comment := in.Comment
	if comment.blank() && in.Description.has() {
		comment = &commentInput{Body: in.Description.v}
	}
	if comment.blank() {
		d.add("description", "Description: cannot be blank", "BlankValue")
	}
	checkStatus(t, d)
	if err := d.err(); err != nil {
		return nil, nil, err
	}
	st.admit(t, comment.text(), comment.Public)
	if source != nil {
		source.FollowupIDs = append(slices.Clone(source.FollowupIDs), t.ID)
		st.followupSource[t.ID] = source.ID
	}
	first := commentEvent(t.SubmitterID, comment, t.IsPublic)
	st.attachUploads(first, comment.Uploads)
	evs := append([]AuditEvent{first}, fieldEvents(nil, t)...)
	st.tickets[t.ID] = t
	return t, st.record(t, by, evs, in.Metadata), nil
}

// updateTicket changes a ticket. A closed ticket refuses every change; safe_update refuses a
// stale updated_stamp; a change that changes nothing records no audit and keeps updated_at
// (the returned audit is then nil).
func (st *store) updateTicket(id int64, in *ticketInput, by caller) (*Ticket, *Audit, *apiError) {
	cur, ok := st.tickets[id]
	if !ok {
		return nil, nil, errNotFound()
	}
	if cur.Status == "closed" {
		return nil, nil, invalid("status", "Status: closed prevents ticket update", "ClosedPreventsUpdate")
	}
	if in.SafeUpdate {
		stamp, err := time.Parse(time.RFC3339, in.UpdatedStamp.v)
		if !in.UpdatedStamp.has() || err != nil {
			return nil, nil, invalid("updated_stamp", "Updated stamp: is required for a safe update", "BlankValue")
		}
		if stamp.Before(cur.UpdatedAt) {
			return nil, nil, errConflict()
		}
	}
	next := *cur
	d := details{}
	st.applyInput(&next, in, d)
	if in.Status.set && !in.Status.null && in.Status.v == "new" {
		// A ticket can be created new, but an update only moves it on.
		d.add("status", "Status: new is not one of open, pending, hold, solved, closed for an update", "InvalidValue")
	}
	author := by.id
	if c := in.Comment; c != nil && c.AuthorID != nil {
		author = *c.AuthorID
		if !st.userExists(author) {
			d.add("comment", fmt.Sprintf("Comment: author %d not found", author), "InvalidValue")
		}
	}
	if next.RequesterID != cur.RequesterID && !in.OrganizationID.set {
		next.OrganizationID = st.users[next.RequesterID].OrganizationID // the ticket follows its requester
	}
	settle(&next, in, cur.Status)
	checkStatus(&next, d)
	if err := d.err(); err != nil {
		return nil, nil, err
	}
	if !in.Comment.blank() && st.commentLimitReached(id) {
		return nil, nil, st.errCommentLimit()
	}
	evs := fieldEvents(cur, &next)
	if !in.Comment.blank() {
		public := cur.IsPublic // an omitted flag follows the ticket's first comment
		if in.Comment.Public != nil {
			public = *in.Comment.Public
		}
		ev := commentEvent(author, in.Comment, public)
		st.attachUploads(ev, in.Comment.Uploads)
		evs = append([]AuditEvent{ev}, evs...)
	}
	if len(evs) == 0 {
		return cur, nil, nil
	}
	touch(&next)
	*cur = next
	return cur, st.record(cur, by, evs, in.Metadata), nil
}

// addComment records a comment (and field changes already made to t) outside of an update
// request, as merges do.
func (st *store) addComment(t *Ticket, by caller, body string, public bool, evs ...AuditEvent) {
	touch(t)
	c := &commentInput{Body: body}
	st.record(t, by, append([]AuditEvent{commentEvent(by.id, c, public)}, evs...), nil)
}
