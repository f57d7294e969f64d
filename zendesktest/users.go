package zendesktest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

var userRoles = []string{roleEndUser, roleAgent, roleAdmin}

// userDefaults fills the keys a new user has on a fresh account: the account's locale and time
// zone, empty tags and user fields, and the ticket restriction of end users.
func userDefaults(u *User) {
	u.Locale = "en-US"
	u.TimeZone = "Eastern Time (US & Canada)"
	u.IanaTimeZone = "America/New_York"
	u.Tags = []string{}
	u.UserFields = map[string]any{}
	u.TicketRestriction = nil
	if u.Role == roleEndUser {
		u.TicketRestriction = ptr("requested")
	}
}

// renderUser returns a copy of u that the caller may keep, with its URL on the server.
func (st *store) renderUser(u *User) User {
	out := *u
	out.URL = fmt.Sprintf("%s/api/v2/users/%d.json", st.baseURL, u.ID)
	out.Tags = cloneOrEmpty(u.Tags)
	out.UserFields = make(map[string]any, len(u.UserFields))
	for k, v := range u.UserFields {
		out.UserFields[k] = v
	}
	return out
}

// userInput is the user object of a create or create_or_update request.
type userInput struct {
	Name                opt[string]    `json:"name"`
	Email               opt[string]    `json:"email"`
	ExternalID          opt[string]    `json:"external_id"`
	Role                opt[string]    `json:"role"`
	Phone               opt[string]    `json:"phone"`
	Locale              opt[string]    `json:"locale"`
	LocaleID            opt[int64]     `json:"locale_id"`
	TimeZone            opt[string]    `json:"time_zone"`
	Alias               opt[string]    `json:"alias"`
	Details             opt[string]    `json:"details"`
	Notes               opt[string]    `json:"notes"`
	Signature           opt[string]    `json:"signature"`
	OrganizationID      opt[int64]     `json:"organization_id"`
	DefaultGroupID      opt[int64]     `json:"default_group_id"`
	Tags                opt[[]string]  `json:"tags"`
	Verified            opt[bool]      `json:"verified"`
	SkipVerifyEmail     opt[bool]      `json:"skip_verify_email"`
	Moderator           opt[bool]      `json:"moderator"`
	OnlyPrivateComments opt[bool]      `json:"only_private_comments"`
	UserFields          map[string]any `json:"user_fields"`
}

func userEnvelope(r *http.Request) (*userInput, *apiError) {
	var env struct {
		User *userInput `json:"user"`
	}
	if err := decodeBody(r, &env); err != nil {
		return nil, err
	}
	if env.User == nil {
		return nil, errMissing("user")
	}
	return env.User, nil
}

func (st *store) userByExternalID(ext string) (*User, bool) {
	for _, u := range st.users {
		if u.ExternalID != nil && *u.ExternalID == ext {
			return u, true
		}
	}
	return nil, false
}

// applyUser writes an input onto u (a copy the caller commits only when d stays empty).
func (st *store) applyUser(u *User, in *userInput, d details) {
	if in.Name.set {
		u.Name = strings.TrimSpace(in.Name.v)
	}
	if u.Name == "" {
		d.add("name", "Name: is too short (minimum is 1 character)", "BlankValue")
	}
	if in.Email.set {
		email := strings.TrimSpace(in.Email.v)
		switch other, taken := st.userByEmail(email); {
		case email == "":
			u.Email = ""
		case !strings.Contains(email, "@"):
			d.add("email", "Email: "+email+" is not properly formatted", "InvalidFormat")
		case taken && other.ID != u.ID:
			d.add("email", "Email: "+email+" is already being used by another user", "DuplicateValue")
		default:
			u.Email = email
		}
	}
	if in.ExternalID.set {
		u.ExternalID = nil
		if in.ExternalID.has() && in.ExternalID.v != "" {
			if other, taken := st.userByExternalID(in.ExternalID.v); taken && other.ID != u.ID {
				d.add("external_id", "External: "+in.ExternalID.v+" has already been taken", "DuplicateValue")
			}
			u.ExternalID = ptr(in.ExternalID.v)
		}
	}
	if in.Role.has() {
		if !slices.Contains(userRoles, in.Role.v) {
			d.add("role", fmt.Sprintf("Role: %q is not one of %s", in.Role.v, strings.Join(userRoles, ", ")), "InvalidValue")
		} else {
			u.Role = in.Role.v
		}
	}
	setFree(&u.Phone, in.Phone)
	setFree(&u.Signature, in.Signature)
	setID(&u.OrganizationID, in.OrganizationID, "organization_id", func(id int64) bool { _, ok := st.orgs[id]; return ok }, d)
	setID(&u.DefaultGroupID, in.DefaultGroupID, "default_group_id", func(id int64) bool { _, ok := st.groups[id]; return ok }, d)
	setValue(&u.Locale, in.Locale)
	setValue(&u.LocaleID, in.LocaleID)
	setValue(&u.TimeZone, in.TimeZone)
	setOrZero(&u.Alias, in.Alias)
	setOrZero(&u.Details, in.Details)
	setOrZero(&u.Notes, in.Notes)
	if in.Tags.set {
		u.Tags = dedupe(in.Tags.v)
	}
	setValue(&u.Verified, in.Verified)
	setValue(&u.Moderator, in.Moderator)
	setValue(&u.OnlyPrivateComments, in.OnlyPrivateComments)
	if in.UserFields != nil {
		fields := make(map[string]any, len(u.UserFields)+len(in.UserFields))
		for k, v := range u.UserFields {
			fields[k] = v
		}
		for k, v := range in.UserFields {
			fields[k] = v
		}
		u.UserFields = fields
	}
}

// saveUser commits a user made or changed by applyUser, keeping the email index.
func (st *store) saveUser(u *User) *User {
	if old, ok := st.users[u.ID]; ok && old.Email != "" {
		delete(st.byEmail, strings.ToLower(old.Email))
	}
	if u.Email != "" {
		st.byEmail[strings.ToLower(u.Email)] = u.ID
	}
	if cur, ok := st.users[u.ID]; ok {
		*cur = *u
		return cur
	}
	st.users[u.ID] = u
	return u
}

// newUser makes an end user from an input (not yet stored: the caller saves it when the input
// holds no error).
func (st *store) newUser(in *userInput, d details) *User {
	n := now()
	u := &User{ID: st.nextEntity + 1, Role: roleEndUser, Active: true, LocaleID: 1, CreatedAt: n, UpdatedAt: n}
	u.URL = fmt.Sprintf("%s/api/v2/users/%d.json", st.baseURL, u.ID)
	userDefaults(u)
	st.applyUser(u, in, d)
	if in.Role.has() {
		userDefaults(u) // a role given at creation brings its ticket restriction
		st.applyUser(u, in, details{})
	}
	return u
}

// createUser serves POST users: an email that another user has is 422 DuplicateValue.
func (s *Server) createUser(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	in, err := userEnvelope(r)
	if err != nil {
		return err
	}
	return s.addUser(w, in)
}

// addUser makes a user from an input and answers 201 {user}, or 422 with what is wrong.
func (s *Server) addUser(w http.ResponseWriter, in *userInput) *apiError {
	d := details{}
	u := s.st.newUser(in, d)
	if err := d.err(); err != nil {
		return err
	}
	s.st.nextEntity++
	writeJSON(w, http.StatusCreated, map[string]any{"user": s.st.renderUser(s.st.saveUser(u))})
	return nil
}

// createOrUpdateUser serves POST users/create_or_update: the user with the external_id, else
// with the email (case aside), is updated (200); with neither, a user is created (201).
func (s *Server) createOrUpdateUser(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	in, err := userEnvelope(r)
	if err != nil {
		return err
	}
	var cur *User
	if in.ExternalID.has() && in.ExternalID.v != "" {
		cur, _ = s.st.userByExternalID(in.ExternalID.v)
	}
	if cur == nil && in.Email.has() {
		cur, _ = s.st.userByEmail(in.Email.v)
	}
	if cur == nil && !(in.Email.has() && in.Email.v != "") && !(in.ExternalID.has() && in.ExternalID.v != "") {
		return invalid("email", "Email: is required to identify the user (or external_id)", "BlankValue")
	}
	if cur == nil {
		return s.addUser(w, in)
	}
	d := details{}
	next := s.st.renderUser(cur)
	s.st.applyUser(&next, in, d)
	if err := d.err(); err != nil {
		return err
	}
	if !jsonEqual(next, s.st.renderUser(cur)) {
		next.UpdatedAt = later(next.UpdatedAt)
	}
	writeJSON(w, http.StatusOK, map[string]any{"user": s.st.renderUser(s.st.saveUser(&next))})
	return nil
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// showManyUsers serves GET users/show_many?ids= or ?external_ids= (at most 100). The users
// come in the server's own order (by id), not in the order asked: every recorded answer does so.
func (s *Server) showManyUsers(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	q := r.URL.Query()
	var out []User
	switch {
	case q.Get("ids") != "":
		list, err := ids(r, true)
		if err != nil {
			return err
		}
		for _, id := range dedupe(list) {
			if u, ok := s.st.users[id]; ok {
				out = append(out, s.st.renderUser(u))
			}
		}
	case q.Get("external_ids") != "":
		list := strings.Split(q.Get("external_ids"), ",")
		if len(list) > maxBulk {
			return errTooManyValues("external_ids")
		}
		for _, ext := range dedupe(list) {
			if u, ok := s.st.userByExternalID(strings.TrimSpace(ext)); ok {
				out = append(out, s.st.renderUser(u))
			}
		}
	default:
		return errMissing("ids")
	}
	slices.SortFunc(out, func(a, b User) int { return cmp.Compare(a.ID, b.ID) })
	writeJSON(w, http.StatusOK, map[string]any{"users": cloneOrEmpty(out), "count": len(out),
		"next_page": nil, "previous_page": nil})
	return nil
}

// searchUsers serves GET users/search?query= (offset paging, per_page up to 100) and ?external_id= (exact). The
// query's words must all match: `email:x` (or `email:"x"`, with `\"` and `\\` escapes) or a word
// with an @ matches the email exactly (case aside), `role:x` the role, `external_id:x` the external id, any other word a part of the
// name or email. Results are in id order *(choice: Zendesk orders by relevance)*.
func (s *Server) searchUsers(w http.ResponseWriter, r *http.Request, _ int64) *apiError {
	q := r.URL.Query()
	var keep func(*User) bool
	switch {
	case q.Has("external_id"):
		ext := q.Get("external_id")
		keep = func(u *User) bool { return u.ExternalID != nil && *u.ExternalID == ext }
	case strings.TrimSpace(q.Get("query")) != "":
		words := strings.Fields(strings.ToLower(q.Get("query")))
		keep = func(u *User) bool {
			for _, w := range words {
				if !userMatches(u, w) {
					return false
				}
			}
			return true
		}
	default:
		return errMissing("query")
	}
	var out []User
	for _, u := range s.st.users {
		if keep(u) {
			out = append(out, s.st.renderUser(u))
		}
	}
	slices.SortFunc(out, func(a, b User) int { return cmp.Compare(a.ID, b.ID) })
	pr, err := readPaging(r, pageRules{mode: offsetOnly, maxPerPage: 100, depth: offsetDepth})
	if err != nil {
		return err
	}
	return writePage(s, w, r, pr, out, cursorCodec[User]{}, func(body map[string]any, page []User) {
		body["users"] = cloneOrEmpty(page)
		if includes(r)["organizations"] {
			var ids []int64
			for _, u := range page {
				if u.OrganizationID != nil {
					ids = append(ids, *u.OrganizationID)
				}
			}
			body["organizations"] = s.st.organizationsByID(ids)
		}
	})
}

// phraseText is the text of a value of the search syntax that may be a quoted phrase, its
// escapes undone: `"a\\b@x"` is `a\b@x`. An unquoted value is itself.
func phraseText(v string) string {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return v
	}
	var b strings.Builder
	for i := 1; i < len(v)-1; i++ {
		if v[i] == '\\' && i+1 < len(v)-1 {
			i++
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

func userMatches(u *User, word string) bool {
	email := strings.ToLower(u.Email)
	if k, v, ok := strings.Cut(word, ":"); ok && k == "email" && strings.HasPrefix(v, `"`) {
		return email == phraseText(v)
	}
	word = strings.Trim(word, `"`)
	if k, v, ok := strings.Cut(word, ":"); ok {
		switch k {
		case "email":
			return email == v
		case "role":
			return u.Role == v
		case "external_id":
			return u.ExternalID != nil && strings.ToLower(*u.ExternalID) == v
		}
	}
	if strings.Contains(word, "@") {
		return email == word
	}
	return strings.Contains(strings.ToLower(u.Name), word) || strings.Contains(email, word)
}
