package zendesktest

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// The search query language: a query's terms, the records a search can find, and whether a
// record meets a query. The endpoints that run queries are in search.go.

// A term is one condition of a search query: key op value (key "" for free text, op ":" for
// equality), negated by a leading "-".
type term struct {
	key, op, value string
	phrase         bool // a quoted phrase (free text) or quoted value
	neg            bool
}

// searchKeys are the keywords the fake understands; any other "word:value" is free text, as
// Zendesk treats syntax it does not know.
var searchKeys = map[string]bool{
	"type": true, "status": true, "priority": true, "ticket_type": true, "requester": true,
	"submitter": true, "assignee": true, "group": true, "organization": true, "tags": true,
	"tag": true, "created": true, "updated": true, "subject": true, "description": true,
	"comment": true, "order_by": true, "sort": true, "name": true, "email": true, "role": true,
}

// parseQuery splits a query into terms: key:value, key<value, key>value, key<=value,
// key>=value (the value may be quoted), "quoted phrases", and words.
func parseQuery(q string) []term {
	var out []term
	rs := []rune(q)
	i := 0
	for i < len(rs) {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		neg := false
		if rs[i] == '-' && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
			neg = true
			i++
		}
		if rs[i] == '"' {
			end := i + 1
			for end < len(rs) && rs[end] != '"' {
				end++
			}
			out = append(out, term{value: string(rs[i+1 : min(end, len(rs))]), phrase: true, neg: neg})
			i = end + 1
			continue
		}
		start := i
		for i < len(rs) && !unicode.IsSpace(rs[i]) && rs[i] != ':' && rs[i] != '<' && rs[i] != '>' && rs[i] != '"' {
			i++
		}
		key := strings.ToLower(string(rs[start:i]))
		op := ""
		if i < len(rs) && (rs[i] == ':' || rs[i] == '<' || rs[i] == '>') {
			op = string(rs[i])
			i++
			if op != ":" && i < len(rs) && rs[i] == '=' {
				op += "="
				i++
			}
		}
		vstart := i
		quoted := false
		if op != "" && i < len(rs) && rs[i] == '"' {
			quoted = true
			end := i + 1
			for end < len(rs) && rs[end] != '"' {
				end++
			}
			vstart, i = i+1, end
		} else {
			for i < len(rs) && !unicode.IsSpace(rs[i]) {
				i++
			}
		}
		value := string(rs[vstart:min(i, len(rs))])
		if quoted {
			i++
		}
		switch {
		case op != "" && searchKeys[key] && value != "":
			out = append(out, term{key: key, op: op, value: value, phrase: quoted, neg: neg})
		case op == "":
			out = append(out, term{value: string(rs[start:i]), neg: neg})
		default: // unknown syntax is text
			out = append(out, term{value: string(rs[start:min(i, len(rs))]), neg: neg})
		}
	}
	return out
}

// query is a parsed search: its conditions, the types it names, and the order it asks for.
type query struct {
	terms   []term
	types   []string
	orderBy string
	sort    string
}

func newQuery(raw string) query {
	var q query
	for _, t := range parseQuery(raw) {
		switch t.key {
		case "type":
			q.types = append(q.types, strings.ToLower(t.value))
		case "order_by":
			q.orderBy = strings.ToLower(t.value)
		case "sort":
			q.sort = strings.ToLower(t.value)
		default:
			q.terms = append(q.terms, t)
		}
	}
	return q
}

// A record is what a search can find: a ticket, user, organization or group.
type record struct {
	kind    string // "ticket", "user", "organization", "group"
	id      int64
	created time.Time
	updated time.Time
	ticket  *Ticket
	user    *User
	org     *organization
	group   *group
}

// records lists what a query may find, of the kinds it names (all kinds when none).
func (st *store) records(types []string) []record {
	want := func(k string) bool { return len(types) == 0 || slices.Contains(types, k) }
	var out []record
	if want("ticket") {
		for _, t := range st.tickets {
			out = append(out, record{kind: "ticket", id: t.ID, created: t.CreatedAt, updated: t.UpdatedAt, ticket: t})
		}
	}
	if want("user") {
		for _, u := range st.users {
			out = append(out, record{kind: "user", id: u.ID, created: u.CreatedAt, updated: u.UpdatedAt, user: u})
		}
	}
	if want("organization") {
		for _, o := range st.orgs {
			out = append(out, record{kind: "organization", id: o.id, created: o.created, updated: o.created, org: o})
		}
	}
	if want("group") {
		for _, g := range st.groups {
			out = append(out, record{kind: "group", id: g.id, created: g.created, updated: g.created, group: g})
		}
	}
	return out
}

// match says whether a record meets every condition of q. Equalities on the same keyword are
// alternatives (tags:a tags:b is either tag); comparisons (created>a created<b) and conditions
// on different keywords all apply; every word and phrase of free text must appear.
func (st *store) match(rec record, q query) bool {
	byKey := map[string][]term{}
	for _, t := range q.terms {
		if t.key == "" || t.neg || t.op != ":" {
			if st.holds(rec, t) == t.neg {
				return false
			}
			continue
		}
		k := t.key
		if k == "tag" {
			k = "tags"
		}
		byKey[k] = append(byKey[k], t)
	}
	for _, alts := range byKey {
		if !slices.ContainsFunc(alts, func(t term) bool { return st.holds(rec, t) }) {
			return false
		}
	}
	return true
}

// holds says whether one term (ignoring its negation) is true of a record.
func (st *store) holds(rec record, t term) bool {
	v := strings.ToLower(t.value)
	switch t.key {
	case "":
		return textMatch(st.text(rec), v, t.phrase)
	case "created":
		return compareTime(rec.created, t.op, v)
	case "updated":
		return compareTime(rec.updated, t.op, v)
	}
	if rec.kind == "user" {
		u := rec.user
		switch t.key {
		case "name":
			return textMatch(u.Name, v, true)
		case "email":
			return strings.EqualFold(u.Email, t.value)
		case "role":
			return u.Role == v
		case "organization":
			return st.namesOrg(u.OrganizationID, v)
		}
		return false
	}
	if rec.kind != "ticket" {
		return t.key == "name" && textMatch(st.text(rec), v, true)
	}
	tk := rec.ticket
	switch t.key {
	case "status":
		return compareRank(statuses, tk.Status, t.op, v)
	case "priority":
		return compareRank(priorities, str(tk.Priority), t.op, v)
	case "ticket_type":
		return str(tk.Type) == v
	case "requester":
		return st.namesUser(&tk.RequesterID, v)
	case "submitter":
		return st.namesUser(&tk.SubmitterID, v)
	case "assignee":
		return st.namesUser(tk.AssigneeID, v)
	case "group":
		if tk.GroupID == nil || v == "none" {
			return tk.GroupID == nil && v == "none"
		}
		g, ok := st.groups[*tk.GroupID]
		return ok && (strconv.FormatInt(g.id, 10) == v || strings.EqualFold(g.name, t.value))
	case "organization":
		return st.namesOrg(tk.OrganizationID, v)
	case "tags":
		return slices.ContainsFunc(tk.Tags, func(s string) bool { return strings.EqualFold(s, t.value) })
	case "subject":
		return textMatch(tk.Subject, v, t.phrase)
	case "description", "comment":
		return textMatch(st.commentText(tk.ID, tk.Description), v, t.phrase)
	}
	return false
}

// namesUser says whether v (an id, an email, a name, or "none") names the user id points to.
func (st *store) namesUser(id *int64, v string) bool {
	if id == nil || v == "none" {
		return id == nil && v == "none"
	}
	u, ok := st.users[*id]
	return ok && (strconv.FormatInt(u.ID, 10) == v || strings.EqualFold(u.Email, v) || strings.EqualFold(u.Name, v))
}

func (st *store) namesOrg(id *int64, v string) bool {
	if id == nil || v == "none" {
		return id == nil && v == "none"
	}
	o, ok := st.orgs[*id]
	return ok && (strconv.FormatInt(o.id, 10) == v || strings.EqualFold(o.name, v))
}

// text is what free text is looked for in: a ticket's subject, description and comments; a
// user's name and email; an organization's or group's name.
func (st *store) text(rec record) string {
	switch rec.kind {
	case "ticket":
		return rec.ticket.Subject + "\n" + st.commentText(rec.id, rec.ticket.Description)
	case "user":
		return rec.user.Name + "\n" + rec.user.Email
	case "organization":
		return rec.org.name
	}
	return rec.group.name
}

// commentText joins a ticket's description and the bodies of its comments.
func (st *store) commentText(id int64, description string) string {
	var b strings.Builder
	b.WriteString(description)
	for _, a := range st.audits[id] {
		for _, ev := range a.Events {
			if ev["type"] == "Comment" {
				body, _ := ev["body"].(string)
				b.WriteString("\n")
				b.WriteString(body)
			}
		}
	}
	return b.String()
}

// words splits text into lower-case words of letters and digits (and @ . _ for emails).
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '@' && r != '.' && r != '_'
	})
}

// textMatch finds a word (a trailing * matches any ending) or, for a phrase, its words in a row.
func textMatch(haystack, needle string, phrase bool) bool {
	hay := words(haystack)
	for i := range hay {
		hay[i] = strings.Trim(hay[i], ".")
	}
	want := words(needle)
	if len(want) == 0 {
		return true
	}
	if !phrase && len(want) == 1 {
		w := strings.Trim(want[0], ".")
		if prefix, ok := strings.CutSuffix(strings.ToLower(needle), "*"); ok {
			return slices.ContainsFunc(hay, func(h string) bool { return strings.HasPrefix(h, prefix) })
		}
		return slices.Contains(hay, w)
	}
	for i := range want {
		want[i] = strings.Trim(want[i], ".")
	}
	for i := 0; i+len(want) <= len(hay); i++ {
		if slices.Equal(hay[i:i+len(want)], want) {
			return true
		}
	}
	return false
}

// compareRank compares v against cur in an ordered list (statuses, priorities).
func compareRank(list []string, cur, op, v string) bool {
	want := rank(list, v)
	if want < 0 {
		return false
	}
	return compareOp(cmp.Compare(rank(list, cur), want), op)
}

func compareOp(c int, op string) bool {
	switch op {
	case "<":
		return c < 0
	case ">":
		return c > 0
	case "<=":
		return c <= 0
	case ">=":
		return c >= 0
	}
	return c == 0
}

// compareTime compares a time with a yyyy-mm-dd date (by UTC day) or an RFC 3339 time.
func compareTime(at time.Time, op, v string) bool {
	if d, err := time.Parse(time.DateOnly, v); err == nil {
		day := at.UTC().Truncate(24 * time.Hour)
		return compareOp(day.Compare(d), op)
	}
	if t, err := time.Parse(time.RFC3339, strings.ToUpper(v)); err == nil {
		return compareOp(at.Compare(t), op)
	}
	return false
}
