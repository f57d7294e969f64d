package zendesktest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

type oauthClient struct {
	id, secret string
	scopes     []string // the ceiling; empty means any scope
}

type accessToken struct {
	clientID string
	scopes   []string
	expires  time.Time
	revoked  bool
}

type refreshToken struct {
	clientID string
	scopes   []string
	access   string // the access token issued with it, replaced by a refresh
}

func randomToken(prefix string) string {
	b := make([]byte, 24)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func isRead(r *http.Request) bool {
	// Autocomplete is a POST that only reads.
	return r.Method == http.MethodGet || r.Method == http.MethodHead ||
		strings.HasSuffix(r.URL.Path, "/problems/autocomplete")
}

// authenticate finds the user a request acts as: an API token in basic auth, or a Bearer token
// this server issued with a scope that allows the request.
func (s *Server) authenticate(r *http.Request) (int64, *apiError) {
	if s.cfg.noAuth {
		return DefaultAgentID, nil
	}
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		return s.bearer(strings.TrimPrefix(h, "Bearer "), isRead(r))
	}
	user, pass, ok := r.BasicAuth()
	email, isToken := strings.CutSuffix(user, "/token")
	// Passwords stopped working for API requests at the end of 2025: only tokens pass.
	if !ok || !isToken {
		return 0, errUnauthorized()
	}
	want, known := s.cfg.apiTokens[strings.ToLower(email)]
	u, exists := s.st.userByEmail(email)
	if !known || want != pass || !exists || u.Suspended {
		return 0, errUnauthorized()
	}
	return u.ID, nil
}

func (s *Server) bearer(token string, read bool) (int64, *apiError) {
	t, ok := s.st.access[token]
	switch {
	case !ok || t.revoked:
		return 0, errInvalidToken("The access token provided is invalid.")
	case time.Now().After(t.expires):
		return 0, errInvalidToken("The access token provided has expired.")
	}
	need := "write"
	if read {
		need = "read"
	}
	for _, sc := range t.scopes {
		if sc == need || sc == "tickets:"+need {
			return DefaultAgentID, nil
		}
	}
	return 0, errForbidden("You do not have access to this page. Please contact the account owner of this help desk for further help.")
}

func errInvalidToken(description string) *apiError {
	return &apiError{http.StatusUnauthorized, map[string]any{"error": "invalid_token", "error_description": description}}
}

func oauthError(status int, code, description string) *apiError {
	return &apiError{status, map[string]any{"error": code, "error_description": description}}
}

// tokenParams reads a token request, JSON or form-encoded, with the client's credentials taken
// from HTTP basic auth when the body has none.
func tokenParams(r *http.Request) (map[string]string, *apiError) {
	p := map[string]string{}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/json" {
		var raw map[string]any
		if err := json.NewDecoder(r.Body).Decode(&raw); err != nil {
			return nil, oauthError(http.StatusBadRequest, "invalid_request", "The request body is not valid JSON.")
		}
		for k, v := range raw {
			switch v := v.(type) {
			case string:
				p[k] = v
			case float64:
				p[k] = strconv.FormatFloat(v, 'f', -1, 64)
			}
		}
	} else {
		if err := r.ParseForm(); err != nil {
			return nil, oauthError(http.StatusBadRequest, "invalid_request", "The request body cannot be read.")
		}
		for k := range r.PostForm {
			p[k] = r.PostForm.Get(k)
		}
	}
	if id, secret, ok := r.BasicAuth(); ok && p["client_id"] == "" {
		p["client_id"], p["client_secret"] = id, secret
	}
	return p, nil
}

// token serves POST /oauth/tokens: the client_credentials and refresh_token grants.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	p, err := tokenParams(r)
	if err == nil {
		var answer map[string]any
		answer, err = s.grant(p)
		if err == nil {
			w.Header().Set("Cache-Control", "no-store")
			writeJSON(w, http.StatusOK, answer)
			return
		}
	}
	writeError(w, err)
}

func (s *Server) grant(p map[string]string) (map[string]any, *apiError) {
	badClient := oauthError(http.StatusUnauthorized, "invalid_client",
		"Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.")
	c := s.st.clients[p["client_id"]]
	if c == nil {
		return nil, badClient
	}
	lifetime := s.cfg.tokenLifetime
	if e := p["expires_in"]; e != "" {
		n, err := strconv.Atoi(e)
		if err != nil || n < 300 || n > 172800 {
			return nil, oauthError(http.StatusBadRequest, "invalid_request", "expires_in must be between 300 and 172800 seconds.")
		}
		lifetime = time.Duration(n) * time.Second
	}
	switch p["grant_type"] {
	case "client_credentials":
		if p["client_secret"] != c.secret {
			return nil, badClient
		}
		scopes, err := allowScopes(strings.Fields(p["scope"]), c.scopes)
		if err != nil {
			return nil, err
		}
		return s.issue(c.id, scopes, lifetime, false), nil
	case "refresh_token":
		// A public client refreshes without its secret; a secret that is sent must be right.
		if sec := p["client_secret"]; sec != "" && sec != c.secret {
			return nil, badClient
		}
		old, ok := s.st.refresh[p["refresh_token"]]
		if !ok || old.clientID != c.id {
			return nil, oauthError(http.StatusBadRequest, "invalid_grant",
				"The provided authorization grant is invalid, expired, revoked, or was issued to another client.")
		}
		scopes, err := allowScopes(strings.Fields(p["scope"]), old.scopes)
		if err != nil {
			return nil, err
		}
		delete(s.st.refresh, p["refresh_token"])
		if t, ok := s.st.access[old.access]; ok {
			t.revoked = true
		}
		return s.issue(c.id, scopes, lifetime, true), nil
	}
	return nil, oauthError(http.StatusBadRequest, "unsupported_grant_type",
		"The authorization grant type is not supported by the authorization server.")
}

// allow checks asked scopes against a ceiling (none: anything goes); no scopes asked means
// the whole ceiling, or "read write".
func allowScopes(asked, ceiling []string) ([]string, *apiError) {
	if len(asked) == 0 {
		if len(ceiling) == 0 {
			return []string{"read", "write"}, nil
		}
		return ceiling, nil
	}
	for _, sc := range asked {
		if len(ceiling) > 0 && !slices.Contains(ceiling, sc) {
			return nil, oauthError(http.StatusBadRequest, "invalid_scope",
				"The requested scope is invalid, unknown, or malformed: "+sc)
		}
	}
	return asked, nil
}

// issue mints an access token, and a refresh token with it when withRefresh.
func (s *Server) issue(clientID string, scopes []string, lifetime time.Duration, withRefresh bool) map[string]any {
	access := randomToken("zt_at_")
	s.st.access[access] = &accessToken{clientID: clientID, scopes: scopes, expires: time.Now().Add(lifetime)}
	answer := map[string]any{
		"access_token": access,
		"token_type":   "bearer",
		"scope":        strings.Join(scopes, " "),
		"expires_in":   int(lifetime / time.Second),
	}
	if withRefresh {
		refresh := randomToken("zt_rt_")
		s.st.refresh[refresh] = &refreshToken{clientID: clientID, scopes: scopes, access: access}
		answer["refresh_token"] = refresh
		answer["refresh_token_expires_in"] = 30 * 24 * 60 * 60
	}
	return answer
}

// IssueAccessToken mints an access token for clientID with scopes (default "read write"), as
// if the client had asked for one; it lives as long as [WithTokenLifetime] says. Use it with
// zendesk.WithOAuthToken.
func (s *Server) IssueAccessToken(clientID string, scopes ...string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(scopes) == 0 {
		scopes = []string{"read", "write"}
	}
	return s.issue(clientID, scopes, s.cfg.tokenLifetime, false)["access_token"].(string)
}

// IssueRefreshToken mints a refresh token for clientID with scopes (default "read write"), as
// an authorization-code flow would have. Trading it at /oauth/tokens (grant refresh_token)
// needs clientID to be a registered client; each trade consumes it and returns a new one.
func (s *Server) IssueRefreshToken(clientID string, scopes ...string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(scopes) == 0 {
		scopes = []string{"read", "write"}
	}
	refresh := randomToken("zt_rt_")
	s.st.refresh[refresh] = &refreshToken{clientID: clientID, scopes: scopes}
	return refresh
}

// ExpireTokens ends the life of every access token issued so far, as if its lifetime had
// passed: requests with one get 401 invalid_token, "The access token provided has expired."
// Refresh tokens stay good. It lets a test of token renewal run without waiting on the clock.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	past := time.Now().Add(-time.Second)
	for _, t := range s.st.access {
		if t.expires.After(past) {
			t.expires = past
		}
	}
}

// RevokeAllTokens revokes every access token and refresh token issued so far: requests with
// them get 401 invalid_token. Clients may still mint new ones.
func (s *Server) RevokeAllTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.st.access {
		t.revoked = true
	}
	clear(s.st.refresh)
}
