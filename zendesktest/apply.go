package zendesktest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

var (
	ticketTypes = []string{"problem", "incident", "question", "task"}
	priorities  = []string{"low", "normal", "high", "urgent"}
	statuses    = []string{"new", "open", "pending", "hold", "solved", "closed"}
)

// caller is who makes a request: the user it acts as, and what Zendesk records of the client
// in an audit's metadata.system.
type caller struct {
	id     int64
	system map[string]any
}

func apiVia() Via {
	return Via{Channel: "api", Source: ViaSource{From: map[string]any{}, To: map[string]any{}}}
}

// resolveUser finds the user a requester or collaborator value names: an id, an email, or an
// object {name, email, locale_id}. An unknown email creates an end user; a known one is used
// as it is, unchanged.
func (st *store) resolveUser(raw json.RawMessage, field string, d details) (int64, bool) {
	var id int64
	if json.Unmarshal(raw, &id) == nil {
		if _, ok := st.users[id]; ok {
			return id, true
		}
		d.add(field, fmt.Sprintf("%s: user %d not found", label(field), id), "InvalidValue")
		return 0, false
	}
	var obj struct {
		Name     string `json:"name"`
		Email    string `json:"email"`
		LocaleID int64  `json:"locale_id"`
	}
	if json.Unmarshal(raw, &obj.Email) != nil && json.Unmarshal(raw, &obj) != nil {
		d.add(field, label(field)+": is invalid", "InvalidValue")
		return 0, false
	}
	if !strings.Contains(obj.Email, "@") {
		d.add(field, label(field)+": Email is invalid", "InvalidValue")
		return 0, false
	}
	if u, ok := st.userByEmail(obj.Email); ok {
		return u.ID, true
	}
	if obj.Name == "" {
		obj.Name, _, _ = strings.Cut(obj.Email, "@")
	}
	u := st.addUser(obj.Name, obj.Email, roleEndUser)
	if obj.LocaleID != 0 {
		u.LocaleID = obj.LocaleID
	}
	return u.ID, true
}

// label is a field's name as Zendesk words it in messages: "assignee_id" → "Assignee".
func label(field string) string {
	field = strings.TrimSuffix(strings.TrimSuffix(field, "_ids"), "_id")
	if field == "" {
		return ""
	}
	return strings.ToUpper(field[:1]) + strings.ReplaceAll(field[1:], "_", " ")
}

// setID applies a nullable id field that must name something existing.
func setID(dst **int64, o opt[int64], field string, exists func(int64) bool, d details) {
	switch {
	case !o.set:
	case o.null:
		*dst = nil
	case !exists(o.v):
		d.add(field, fmt.Sprintf("%s: %d not found", label(field), o.v), "InvalidValue")
	default:
		*dst = ptr(o.v)
	}
}

// setFree applies a nullable field Zendesk takes without checking.
func setFree[T any](dst **T, o opt[T]) {
	if o.set {
		*dst = nil
		if !o.null {
			*dst = ptr(o.v)
		}
	}
}

// setValue applies a field that cannot be null: a value replaces, null and absence keep.
func setValue[T any](dst *T, o opt[T]) {
	if o.has() {
		*dst = o.v
	}
}

// setOrZero applies a field whose null empties it: a value replaces, null clears.
func setOrZero[T any](dst *T, o opt[T]) {
	if o.set {
		*dst = o.v // the zero value when null
	}
}

func setEnum(dst **string, o opt[string], field string, allowed []string, nullable bool, d details) {
	switch {
	case !o.set:
	case o.null && nullable:
		*dst = nil
	case o.null || !slices.Contains(allowed, o.v):
		d.add(field, fmt.Sprintf("%s: %q is not one of %s", label(field), o.v, strings.Join(allowed, ", ")), "InvalidValue")
	default:
		*dst = ptr(o.v)
	}
}

func (st *store) userExists(id int64) bool { _, ok := st.users[id]; return ok }

func (st *store) isAgent(id int64) bool {
	u, ok := st.users[id]
	return ok && u.Role != roleEndUser
}

// apply writes an input's fields onto t (a copy the caller commits only when d stays empty).
// It never changes a slice of t in place, so a shallow copy of a stored ticket is safe to edit.
func (st *store) apply(t *Ticket, in *ticketInput, d details) {
	if in.Subject.set {
		t.Subject = in.Subject.v
		if !in.RawSubject.set {
			t.RawSubject = in.Subject.v
		}
	}
	setOrZero(&t.RawSubject, in.RawSubject)
	setEnum(&t.Type, in.Type, "type", ticketTypes, true, d)
	setEnum(&t.Priority, in.Priority, "priority", priorities, true, d)
	var status *string
	setEnum(&status, in.Status, "status", statuses, false, d)
	if status != nil {
		t.Status = *status
	}
	setFree(&t.ExternalID, in.ExternalID)
	setFree(&t.Recipient, in.Recipient)
	setFree(&t.ForumTopicID, in.ForumTopicID)
	setFree(&t.TicketFormID, in.TicketFormID)
	setFree(&t.BrandID, in.BrandID)
	setFree(&t.CustomStatusID, in.CustomStatusID)

	switch {
	case len(in.Requester) > 0 && string(in.Requester) != "null":
		if id, ok := st.resolveUser(in.Requester, "requester", d); ok {
			t.RequesterID = id
		}
	case in.RequesterID.null:
		d.add("requester", "Requester: cannot be blank", "BlankValue")
	case in.RequesterID.set:
		if st.userExists(in.RequesterID.v) {
			t.RequesterID = in.RequesterID.v
		} else {
			d.add("requester", fmt.Sprintf("Requester: %d not found", in.RequesterID.v), "InvalidValue")
		}
	}

	setID(&t.AssigneeID, in.AssigneeID, "assignee_id", st.userExists, d)
	if in.AssigneeEmail.has() {
		if u, ok := st.userByEmail(in.AssigneeEmail.v); ok {
			t.AssigneeID = ptr(u.ID)
		} else {
			d.add("assignee_email", "Assignee: "+in.AssigneeEmail.v+" not found", "InvalidValue")
		}
	}
	if t.AssigneeID != nil && !st.isAgent(*t.AssigneeID) {
		d.add("assignee_id", "Assignee: must be an agent", "InvalidValue")
	}
	setID(&t.GroupID, in.GroupID, "group_id", func(id int64) bool { _, ok := st.groups[id]; return ok }, d)
	setID(&t.OrganizationID, in.OrganizationID, "organization_id", func(id int64) bool { _, ok := st.orgs[id]; return ok }, d)
	setID(&t.ProblemID, in.ProblemID, "problem_id", func(id int64) bool {
		p, ok := st.tickets[id]
		return ok && id != t.ID && p.Type != nil && *p.Type == "problem"
	}, d)

	if in.DueAt.set {
		t.DueAt = nil
		if in.DueAt.has() {
			if due, ok := parseDate(in.DueAt.v); ok {
				t.DueAt = &due
			} else {
				d.add("due_at", "Due at: is not a date", "InvalidValue")
			}
		}
	}

	st.applyPeople(t, in, d)
	applyTags(t, in)
	if in.CustomFields.has() {
		t.CustomFields = mergeFields(t.CustomFields, st.checkFields(in.CustomFields.v))
	} else if in.Fields.has() {
		t.CustomFields = mergeFields(t.CustomFields, st.checkFields(in.Fields.v))
	}
}

// applyPeople sets collaborators, followers and email CCs. Lists replace what was there;
// additional_collaborators and email_ccs/followers entries add and remove.
func (st *store) applyPeople(t *Ticket, in *ticketInput, d details) {
	ids := func(o opt[[]int64], field string) ([]int64, bool) {
		if !o.set {
			return nil, false
		}
		for _, id := range o.v {
			if !st.userExists(id) {
				d.add(field, fmt.Sprintf("%s: user %d not found", label(field), id), "InvalidValue")
			}
		}
		return dedupe(o.v), true
	}
	resolve := func(list []json.RawMessage, field string) []int64 {
		var out []int64
		for _, raw := range list {
			if id, ok := st.resolveUser(raw, field, d); ok {
				out = append(out, id)
			}
		}
		return out
	}
	if v, ok := ids(in.CollaboratorIDs, "collaborator_ids"); ok {
		t.CollaboratorIDs = v
	}
	if in.Collaborators.set {
		t.CollaboratorIDs = dedupe(resolve(in.Collaborators.v, "collaborators"))
	}
	if in.AdditionalCollaborators.has() {
		t.CollaboratorIDs = dedupe(append(slices.Clone(t.CollaboratorIDs), resolve(in.AdditionalCollaborators.v, "collaborators")...))
	}
	if v, ok := ids(in.FollowerIDs, "follower_ids"); ok {
		t.FollowerIDs = v
	}
	if v, ok := ids(in.EmailCCIDs, "email_cc_ids"); ok {
		t.EmailCCIDs = v
	}
	t.FollowerIDs = st.applyCCs(t.FollowerIDs, in.Followers, "followers", d)
	t.EmailCCIDs = st.applyCCs(t.EmailCCIDs, in.EmailCCs, "email_ccs", d)
}

func (st *store) applyCCs(cur []int64, entries []ccInput, field string, d details) []int64 {
	if len(entries) == 0 {
		return cur
	}
	out := slices.Clone(cur)
	for _, e := range entries {
		var raw json.RawMessage
		if e.UserID != 0 {
			raw, _ = json.Marshal(e.UserID)
		} else {
			raw, _ = json.Marshal(map[string]string{"name": e.UserName, "email": e.UserEmail})
		}
		id, ok := st.resolveUser(raw, field, d)
		if !ok {
			continue
		}
		if e.Action == "delete" {
			out = slices.DeleteFunc(out, func(x int64) bool { return x == id })
		} else {
			out = dedupe(append(out, id))
		}
	}
	return out
}

func applyTags(t *Ticket, in *ticketInput) {
	if in.Tags.set {
		t.Tags = dedupe(in.Tags.v)
	}
	if in.AdditionalTags.has() {
		t.Tags = dedupe(append(slices.Clone(t.Tags), in.AdditionalTags.v...))
	}
	if in.RemoveTags.has() {
		t.Tags = slices.DeleteFunc(slices.Clone(t.Tags), func(s string) bool { return slices.Contains(in.RemoveTags.v, s) })
	}
}

// mergeFields sets the given custom field values, keeping the others.
func mergeFields(cur, set []CustomField) []CustomField {
	out := slices.Clone(cur)
	for _, f := range set {
		i := slices.IndexFunc(out, func(c CustomField) bool { return c.ID == f.ID })
		if i < 0 {
			out = append(out, f)
		} else {
			out[i] = f
		}
	}
	return out
}

func dedupe[T comparable](s []T) []T {
	out := make([]T, 0, len(s))
	for _, x := range s {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// parseDate reads a due date: RFC 3339, or a plain yyyy-mm-dd (noon UTC, as Zendesk stores it).
func parseDate(s string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC().Truncate(time.Second), true
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.Add(12 * time.Hour), true
	}
	return time.Time{}, false
}

// checkStatus holds the rules that span fields: a solved or closed ticket needs an assignee.
func checkStatus(t *Ticket, d details) {
	if (t.Status == "solved" || t.Status == "closed") && t.AssigneeID == nil {
		d.add("status", fmt.Sprintf("Status: %s needs an assignee", t.Status), "InvalidValue")
	}
}

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

// applyNew writes a new ticket's input onto t: its fields, then the submitter (the requester
// unless submitter_id names another user) and the organization (the requester's unless given).
func (st *store) applyNew(t *Ticket, in *ticketInput, d details) {
	st.apply(t, in, d)
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
	if comment.text() == "" && in.Description.has() {
		comment = &commentInput{Body: in.Description.v}
	}
	if comment.text() == "" {
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
	st.apply(&next, in, d)
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
	if in.Comment.text() != "" && st.commentLimitReached(id) {
		return nil, nil, st.errCommentLimit()
	}
	evs := fieldEvents(cur, &next)
	if in.Comment.text() != "" {
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
