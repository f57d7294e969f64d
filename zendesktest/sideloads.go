package zendesktest

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// The account's default group, which every [Server] has from the start, as every Zendesk
// account has one. The built-in agent is its member. More groups come from [Server.AddGroup].
const (
	// DefaultGroupID is the id of the default group (below every id the server hands out).
	DefaultGroupID int64 = DefaultAgentID - 1
	// DefaultGroupName is the name of the default group.
	DefaultGroupName = "Support"
)

// Group is a group as the server sends it in a side-load.
type Group struct {
	ID          int64     `json:"id"`
	URL         string    `json:"url"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Default     bool      `json:"default"`
	Deleted     bool      `json:"deleted"`
	IsPublic    bool      `json:"is_public"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Organization is an organization as the server sends it in a side-load.
type Organization struct {
	ID                 int64          `json:"id"`
	URL                string         `json:"url"`
	Name               string         `json:"name"`
	ExternalID         *string        `json:"external_id"`
	Details            string         `json:"details"`
	Notes              string         `json:"notes"`
	DomainNames        []string       `json:"domain_names"`
	Tags               []string       `json:"tags"`
	GroupID            *int64         `json:"group_id"`
	SharedTickets      bool           `json:"shared_tickets"`
	SharedComments     bool           `json:"shared_comments"`
	OrganizationFields map[string]any `json:"organization_fields"`
	CreatedAt          time.Time      `json:"created_at"`
	UpdatedAt          time.Time      `json:"updated_at"`
}

// addDefaultGroup makes the account's default group, with the built-in agent in it.
func (st *store) addDefaultGroup() {
	st.groups[DefaultGroupID] = &group{id: DefaultGroupID, name: DefaultGroupName,
		agents: []int64{DefaultAgentID}, isDefault: true, created: now()}
}

func (st *store) renderGroup(g *group) Group {
	return Group{ID: g.id, URL: fmt.Sprintf("%s/api/v2/groups/%d.json", st.baseURL, g.id), Name: g.name,
		Default: g.isDefault, IsPublic: true, CreatedAt: g.created, UpdatedAt: g.created}
}

func (st *store) renderOrganization(o *organization) Organization {
	return Organization{ID: o.id, URL: fmt.Sprintf("%s/api/v2/organizations/%d.json", st.baseURL, o.id),
		Name: o.name, DomainNames: []string{}, Tags: []string{}, OrganizationFields: map[string]any{},
		CreatedAt: o.created, UpdatedAt: o.created}
}

// includes reads include=a,b (also repeated include= parameters) into a set.
func includes(r *http.Request) map[string]bool {
	set := map[string]bool{}
	for _, v := range r.URL.Query()["include"] {
		for p := range strings.SplitSeq(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				set[p] = true
			}
		}
	}
	return set
}

// countedTicket is a ticket with its comment_count, sent when include=comment_count asks.
type countedTicket struct {
	Ticket
	CommentCount int `json:"comment_count"`
}

// renderTickets renders tickets for a list answer: with comment_count embedded when the
// request asks for it.
func (s *Server) renderTickets(r *http.Request, ts []*Ticket) any {
	if !includes(r)["comment_count"] {
		return s.renderAll(ts)
	}
	out := make([]countedTicket, len(ts))
	for i, t := range ts {
		out[i] = countedTicket{Ticket: s.st.render(t), CommentCount: len(s.st.comments[t.ID])}
	}
	return out
}

// withTickets puts the rendered tickets under key "tickets" of body, and the side-loads the
// request asks for (users, groups, organizations) next to them as top-level arrays. Other
// side-loads are silently absent, as on Zendesk. It returns body.
func (s *Server) withTickets(r *http.Request, body map[string]any, ts []*Ticket) map[string]any {
	body["tickets"] = s.renderTickets(r, ts)
	s.addSideloads(r, body, ts)
	return body
}

// withTicket is withTickets for one ticket, under key "ticket".
func (s *Server) withTicket(r *http.Request, body map[string]any, t *Ticket) map[string]any {
	if includes(r)["comment_count"] {
		body["ticket"] = countedTicket{Ticket: s.st.render(t), CommentCount: len(s.st.comments[t.ID])}
	} else {
		body["ticket"] = s.st.render(t)
	}
	s.addSideloads(r, body, []*Ticket{t})
	return body
}

// addSideloads adds the users (requester, submitter, assignee, collaborators, followers and
// email CCs), groups and organizations of ts that the request's include= names, each list
// by id and without repeats.
func (s *Server) addSideloads(r *http.Request, body map[string]any, ts []*Ticket) {
	s.ticketSideloads(includes(r), body, ts)
}

// typedIncludes reads the side-loads search asks for one result type, include=tickets(users,
// groups), into a set; a plain include=users names no type and is not read.
func typedIncludes(r *http.Request, typ string) map[string]bool {
	set := map[string]bool{}
	for _, v := range r.URL.Query()["include"] {
		for rest := v; ; {
			i := strings.Index(rest, typ+"(")
			if i < 0 {
				break
			}
			rest = rest[i+len(typ)+1:]
			names, after, closed := strings.Cut(rest, ")")
			if !closed {
				break
			}
			for p := range strings.SplitSeq(names, ",") {
				if p = strings.TrimSpace(p); p != "" {
					set[p] = true
				}
			}
			rest = after
		}
	}
	return set
}

// ticketSideloads adds the side-loads inc names of ts to body (see addSideloads).
func (s *Server) ticketSideloads(inc map[string]bool, body map[string]any, ts []*Ticket) {
	if inc["users"] {
		var ids []int64
		for _, t := range ts {
			ids = append(ids, t.RequesterID, t.SubmitterID)
			if t.AssigneeID != nil {
				ids = append(ids, *t.AssigneeID)
			}
			ids = append(ids, t.CollaboratorIDs...)
			ids = append(ids, t.FollowerIDs...)
			ids = append(ids, t.EmailCCIDs...)
		}
		users := []User{}
		for _, id := range sortedUnique(ids) {
			if u, ok := s.st.users[id]; ok {
				users = append(users, *u)
			}
		}
		body["users"] = users
	}
	if inc["groups"] {
		groups := []Group{}
		for _, id := range sortedUnique(idsOf(ts, func(t *Ticket) *int64 { return t.GroupID })) {
			if g, ok := s.st.groups[id]; ok {
				groups = append(groups, s.st.renderGroup(g))
			}
		}
		body["groups"] = groups
	}
	if inc["organizations"] {
		body["organizations"] = s.st.organizationsByID(idsOf(ts, func(t *Ticket) *int64 { return t.OrganizationID }))
	}
}

// organizationsByID renders the organizations ids name, by id and without repeats; ids that
// name none are left out.
func (st *store) organizationsByID(ids []int64) []Organization {
	orgs := []Organization{}
	for _, id := range sortedUnique(ids) {
		if o, ok := st.orgs[id]; ok {
			orgs = append(orgs, st.renderOrganization(o))
		}
	}
	return orgs
}

func idsOf(ts []*Ticket, f func(*Ticket) *int64) []int64 {
	var out []int64
	for _, t := range ts {
		if p := f(t); p != nil {
			out = append(out, *p)
		}
	}
	return out
}

func sortedUnique(ids []int64) []int64 {
	slices.Sort(ids)
	return slices.Compact(ids)
}

// Groups returns the account's groups as a side-load would show them, by id.
func (s *Server) Groups() []Group {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Group, 0, len(s.st.groups))
	for _, g := range s.st.groups {
		out = append(out, s.st.renderGroup(g))
	}
	slices.SortFunc(out, func(a, b Group) int { return cmp.Compare(a.ID, b.ID) })
	return out
}
