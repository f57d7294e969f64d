package zendesktest

import (
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"
)

const (
	roleEndUser = "end-user"
	roleAgent   = "agent"
	roleAdmin   = "admin"
)

type group struct {
	id        int64
	name      string
	agents    []int64
	isDefault bool
	created   time.Time
}

type organization struct {
	id      int64
	name    string
	created time.Time
}

// store is the account's data. Every method expects the server's lock to be held.
type store struct {
	baseURL string

	nextTicket int64 // ticket ids count from 1, as on a new account
	nextEntity int64 // users, groups, organizations: above 2^32
	nextEvent  int64 // audits and their events

	users   map[int64]*User
	byEmail map[string]int64
	groups  map[int64]*group
	orgs    map[int64]*organization

	tickets        map[int64]*Ticket
	ticketsCreated int64
	audits         map[int64][]*Audit
	comments       map[int64][]int64 // ticket → comment event ids
	followupSource map[int64]int64   // follow-up ticket → its closed source
	deleted        map[int64]*deletedTicket
	fields         map[int64]*ticketField // nil until first used (ticketFields seeds it)
	conv           conversation           // attachments and uploads: conversation.go

	jobs    map[string]*job
	idem    map[string]*idemEntry
	clients map[string]*oauthClient
	access  map[string]*accessToken
	refresh map[string]*refreshToken

	onRecord func(t *Ticket, a *Audit) // called by record for every audit (webhooks.go)
	// onLifecycle is called by lifecycle for a change that records no audit (webhooks.go).
	onLifecycle func(t *Ticket, kind string, actor int64, data map[string]any)
	sync        syncState // change order and deleted tickets, for the incremental export
}

func newStore() *store {
	return &store{
		nextEntity:     DefaultAgentID - 1,
		nextEvent:      206091192545,
		users:          map[int64]*User{},
		byEmail:        map[string]int64{},
		groups:         map[int64]*group{},
		orgs:           map[int64]*organization{},
		tickets:        map[int64]*Ticket{},
		audits:         map[int64][]*Audit{},
		comments:       map[int64][]int64{},
		followupSource: map[int64]int64{},
		jobs:           map[string]*job{},
		idem:           map[string]*idemEntry{},
		clients:        map[string]*oauthClient{},
		access:         map[string]*accessToken{},
		refresh:        map[string]*refreshToken{},
	}
}

// now is the server's clock: UTC with whole seconds, as the API shows times.
func now() time.Time { return time.Now().UTC().Truncate(time.Second) }

func (st *store) addUser(name, email, role string) *User {
	st.nextEntity++
	t := now()
	u := &User{
		ID: st.nextEntity, URL: fmt.Sprintf("%s/api/v2/users/%d.json", st.baseURL, st.nextEntity),
		Name: name, Email: email, Role: role, Active: true, LocaleID: 1,
		Verified: role != roleEndUser, CreatedAt: t, UpdatedAt: t,
	}
	userDefaults(u)
	st.users[u.ID] = u
	if email != "" {
		st.byEmail[strings.ToLower(email)] = u.ID
	}
	return u
}

func (st *store) userByEmail(email string) (*User, bool) {
	id, ok := st.byEmail[strings.ToLower(email)]
	if !ok {
		return nil, false
	}
	return st.users[id], true
}

func (st *store) addGroup(name string, agents []int64) int64 {
	st.nextEntity++
	st.groups[st.nextEntity] = &group{id: st.nextEntity, name: name, agents: slices.Clone(agents), created: now()}
	return st.nextEntity
}

func (st *store) addOrganization(name string, members []int64) int64 {
	st.nextEntity++
	id := st.nextEntity
	st.orgs[id] = &organization{id: id, name: name, created: now()}
	for _, m := range members {
		if u, ok := st.users[m]; ok {
			u.OrganizationID = &id
		}
	}
	return id
}

// lifecycle reports a change to t that records no audit, by actor, named as Zendesk's ticket
// event types name it: soft_deleted, marked_as_spam, undeleted, permanently_deleted, merged
// (data: what the event adds, e.g. the merge's target).
func (st *store) lifecycle(t *Ticket, kind string, actor int64, data map[string]any) {
	if st.onLifecycle != nil {
		st.onLifecycle(t, kind, actor, data)
	}
}

func (st *store) nextEventID() int64 {
	st.nextEvent++
	return st.nextEvent
}

func (st *store) ticketURL(id int64) string {
	return fmt.Sprintf("%s/api/v2/tickets/%d.json", st.baseURL, id)
}

// render returns the ticket as the API shows it: a deep enough copy that the caller may keep
// it, with the derived keys filled in.
func (st *store) render(t *Ticket) Ticket {
	out := *t
	out.URL = st.ticketURL(t.ID)
	out.HasIncidents = st.incidentCount(t.ID) > 0
	out.CollaboratorIDs = cloneOrEmpty(t.CollaboratorIDs)
	out.FollowerIDs = cloneOrEmpty(t.FollowerIDs)
	out.EmailCCIDs = cloneOrEmpty(t.EmailCCIDs)
	out.Tags = cloneOrEmpty(t.Tags)
	out.CustomFields = cloneOrEmpty(t.CustomFields)
	out.Fields = cloneOrEmpty(t.CustomFields)
	out.SharingAgreementIDs = cloneOrEmpty(t.SharingAgreementIDs)
	out.FollowupIDs = cloneOrEmpty(t.FollowupIDs)
	out.GeneratedTimestamp = t.UpdatedAt.Unix()
	out.Via = cloneVia(t.Via)
	return out
}

func (st *store) incidentCount(problemID int64) int {
	if p, ok := st.tickets[problemID]; !ok || !isProblem(p) {
		return 0 // only a problem has incidents: rendering a list stays linear
	}
	n := 0
	for _, t := range st.tickets {
		if t.ProblemID != nil && *t.ProblemID == problemID {
			n++
		}
	}
	return n
}

// touch moves a ticket's updated_at to now, and at least a second past its last value, so that
// every recorded change has its own updated_at and a stale safe_update stamp always shows.
func touch(t *Ticket) { t.UpdatedAt, t.changed = later(t.UpdatedAt), changes.Add(1) }

// changes counts the changes made to tickets, in every fake, in the order they were made.
var changes atomic.Int64

// later is now, or a second past last when now is not after it: the next updated_at of a
// record last updated at last.
func later(last time.Time) time.Time {
	n := now()
	if !n.After(last) {
		n = last.Add(time.Second)
	}
	return n
}

func cloneOrEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return slices.Clone(s)
}

func cloneVia(v Via) Via {
	c := func(m map[string]any) map[string]any {
		out := make(map[string]any, len(m))
		for k, x := range m {
			out[k] = x
		}
		return out
	}
	return Via{Channel: v.Channel, Source: ViaSource{From: c(v.Source.From), To: c(v.Source.To), Rel: v.Source.Rel}}
}

func ptr[T any](v T) *T { return &v }
