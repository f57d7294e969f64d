package zendesktest

import (
	"encoding/json"
	"fmt"
	"slices"
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
