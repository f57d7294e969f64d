package zendesktest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// tokenRequest posts to /oauth/tokens, as JSON when params is an obj, form-encoded when it is
// url.Values; user and pass, when set, go in basic auth.
func tokenRequest(t *testing.T, s *Server, params any, userPass ...string) answer {
	t.Helper()
	var body io.Reader
	ct := "application/json"
	switch p := params.(type) {
	case url.Values:
		body, ct = strings.NewReader(p.Encode()), "application/x-www-form-urlencoded"
	default:
		b, _ := json.Marshal(p)
		body = bytes.NewReader(b)
	}
	req, _ := http.NewRequest("POST", s.URL+"/oauth/tokens", body)
	req.Header.Set("Content-Type", ct)
	if len(userPass) == 2 {
		req.SetBasicAuth(userPass[0], userPass[1])
	}
	a, err := roundTrip(s, req)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

type tokenAnswer struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	Scope        string `json:"scope"`
	ExpiresIn    *int   `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
}

func clientCredentials(t *testing.T, s *Server, scope string) tokenAnswer {
	t.Helper()
	var tok tokenAnswer
	tokenRequest(t, s, obj{"grant_type": "client_credentials", "client_id": DefaultClientID,
		"client_secret": DefaultClientSecret, "scope": scope}).want(t, http.StatusOK).decode(t, &tok)
	return tok
}

func bearer(token string) []string { return []string{"Authorization", "Bearer " + token} }

func TestAuth_NoCredentials401(t *testing.T) {
	s := newServer(t)
	req, _ := http.NewRequest("GET", s.URL+"/api/v2/tickets.json", nil)
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || !bytes.Equal(b, []byte(`{"error":"Couldn't authenticate you"}`)) {
		t.Errorf("%d %s", resp.StatusCode, b)
	}
}

func TestAuth_APIToken(t *testing.T) {
	s := newServer(t, WithAPIToken("dev@example.org", "devtoken"))
	auth := func(user, pass string) int {
		req, _ := http.NewRequest("GET", s.URL+"/api/v2/tickets.json", nil)
		req.SetBasicAuth(user, pass)
		resp, err := s.HTTPClient().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, c := range []struct {
		user, pass string
		want       int
	}{
		{DefaultAgentEmail + "/token", DefaultAPIToken, 200},
		{"dev@example.org/token", "devtoken", 200},
		{"DEV@example.org/token", "devtoken", 200},
		{"dev@example.org/token", "wrong", 401},
		{"dev@example.org", "devtoken", 401}, // a password login: no longer accepted
		{"nobody@example.org/token", "devtoken", 401},
	} {
		if got := auth(c.user, c.pass); got != c.want {
			t.Errorf("%s:%s → %d, want %d", c.user, c.pass, got, c.want)
		}
	}
	u, ok := s.UserByEmail("dev@example.org")
	if !ok || u.Role != "agent" {
		t.Errorf("token user %+v", u)
	}
}

func TestAuth_WithoutAuth(t *testing.T) {
	s := newServer(t, WithoutAuth())
	req, _ := http.NewRequest("GET", s.URL+"/api/v2/tickets.json", nil)
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("status %d", resp.StatusCode)
	}
}

func TestOAuth_ClientCredentialsJSON(t *testing.T) {
	s := newServer(t)
	tok := clientCredentials(t, s, "read write")
	if tok.AccessToken == "" || tok.TokenType != "bearer" || tok.Scope != "read write" || tok.ExpiresIn == nil ||
		*tok.ExpiresIn != int(DefaultTokenLifetime/time.Second) || tok.RefreshToken != "" {
		t.Errorf("token %+v", tok)
	}
	var out struct {
		Ticket Ticket `json:"ticket"`
	}
	send(t, s, "POST", "/api/v2/tickets.json", obj{"ticket": obj{"comment": obj{"body": "x"}}}, bearer(tok.AccessToken)...).
		want(t, http.StatusCreated).decode(t, &out)
	if out.Ticket.RequesterID != DefaultAgentID {
		t.Errorf("acting user %d", out.Ticket.RequesterID)
	}
}

func TestOAuth_ClientCredentialsFormAndBasicAuth(t *testing.T) {
	s := newServer(t)
	var tok tokenAnswer
	// What golang.org/x/oauth2 sends: a form, credentials in the body or in basic auth.
	tokenRequest(t, s, url.Values{"grant_type": {"client_credentials"}, "client_id": {DefaultClientID},
		"client_secret": {DefaultClientSecret}, "scope": {"read"}}).want(t, http.StatusOK).decode(t, &tok)
	if tok.Scope != "read" {
		t.Errorf("scope %q", tok.Scope)
	}
	tokenRequest(t, s, url.Values{"grant_type": {"client_credentials"}, "scope": {"write"}},
		DefaultClientID, DefaultClientSecret).want(t, http.StatusOK).decode(t, &tok)
	send(t, s, "POST", "/api/v2/tickets.json", obj{"ticket": obj{"comment": obj{"body": "x"}}}, bearer(tok.AccessToken)...).
		want(t, http.StatusCreated)
}

func TestOAuth_WrongSecret401InvalidClient(t *testing.T) {
	s := newServer(t)
	a := tokenRequest(t, s, obj{"grant_type": "client_credentials", "client_id": DefaultClientID, "client_secret": "nope"})
	wantError(t, a, http.StatusUnauthorized, "invalid_client")
	a = tokenRequest(t, s, obj{"grant_type": "client_credentials", "client_id": "unknown", "client_secret": "x"})
	wantError(t, a, http.StatusUnauthorized, "invalid_client")
}

func TestOAuth_UnknownGrant400(t *testing.T) {
	s := newServer(t)
	a := tokenRequest(t, s, obj{"grant_type": "password", "client_id": DefaultClientID, "client_secret": DefaultClientSecret})
	wantError(t, a, http.StatusBadRequest, "unsupported_grant_type")
}

func TestOAuth_ScopeOutsideClientCeiling400(t *testing.T) {
	s := newServer(t, WithOAuthClient("reader", "rs", "read"))
	a := tokenRequest(t, s, obj{"grant_type": "client_credentials", "client_id": "reader", "client_secret": "rs", "scope": "read write"})
	wantError(t, a, http.StatusBadRequest, "invalid_scope")
	var tok tokenAnswer
	tokenRequest(t, s, obj{"grant_type": "client_credentials", "client_id": "reader", "client_secret": "rs"}).
		want(t, http.StatusOK).decode(t, &tok)
	if tok.Scope != "read" {
		t.Errorf("default scope %q", tok.Scope)
	}
}

func TestOAuth_ReadOnlyScopeRefusedOnWrites403(t *testing.T) {
	s := newServer(t)
	for _, scope := range []string{"read", "tickets:read"} {
		tok := clientCredentials(t, s, scope)
		send(t, s, "GET", "/api/v2/tickets.json", nil, bearer(tok.AccessToken)...).want(t, http.StatusOK)
		a := send(t, s, "POST", "/api/v2/tickets.json", obj{"ticket": obj{"comment": obj{"body": "x"}}}, bearer(tok.AccessToken)...)
		a.want(t, http.StatusForbidden)
		e := a.object(t)["error"].(map[string]any)
		if e["title"] != "Forbidden" || e["message"] == "" {
			t.Errorf("403 body %s", a.body)
		}
		send(t, s, "POST", "/api/v2/problems/autocomplete.json", obj{"text": "x"}, bearer(tok.AccessToken)...).want(t, http.StatusOK)
	}
	if s.TicketsCreated() != 0 {
		t.Error("a read-only token created a ticket")
	}
	tok := clientCredentials(t, s, "tickets:write")
	send(t, s, "GET", "/api/v2/tickets.json", nil, bearer(tok.AccessToken)...).want(t, http.StatusForbidden)
}

func TestOAuth_ExpiredToken401(t *testing.T) {
	// A lifetime under a second is announced as 0 s.
	if tok := clientCredentials(t, newServer(t, WithTokenLifetime(900*time.Millisecond)), "read"); *tok.ExpiresIn != 0 {
		t.Errorf("expires_in %d for a 900ms lifetime", *tok.ExpiresIn)
	}
	// ExpireTokens ends a token's life without waiting on the clock.
	s := newServer(t)
	tok := clientCredentials(t, s, "read")
	send(t, s, "GET", "/api/v2/tickets.json", nil, bearer(tok.AccessToken)...).want(t, http.StatusOK)
	s.ExpireTokens()
	m := wantError(t, send(t, s, "GET", "/api/v2/tickets.json", nil, bearer(tok.AccessToken)...), http.StatusUnauthorized, "invalid_token")
	if m["error_description"] != "The access token provided has expired." {
		t.Errorf("error_description %q", m["error_description"])
	}
	// A token minted after ExpireTokens lives.
	fresh := clientCredentials(t, s, "read")
	send(t, s, "GET", "/api/v2/tickets.json", nil, bearer(fresh.AccessToken)...).want(t, http.StatusOK)
}

func TestOAuth_UnknownToken401(t *testing.T) {
	s := newServer(t)
	wantError(t, send(t, s, "GET", "/api/v2/tickets.json", nil, bearer("made-up")...), http.StatusUnauthorized, "invalid_token")
}

func TestOAuth_RevokeAllTokens401(t *testing.T) {
	s := newServer(t)
	tok := clientCredentials(t, s, "read")
	issued := s.IssueAccessToken(DefaultClientID, "read")
	send(t, s, "GET", "/api/v2/tickets.json", nil, bearer(issued)...).want(t, http.StatusOK)
	s.RevokeAllTokens()
	for _, tk := range []string{tok.AccessToken, issued} {
		wantError(t, send(t, s, "GET", "/api/v2/tickets.json", nil, bearer(tk)...), http.StatusUnauthorized, "invalid_token")
	}
	fresh := clientCredentials(t, s, "read")
	send(t, s, "GET", "/api/v2/tickets.json", nil, bearer(fresh.AccessToken)...).want(t, http.StatusOK)
}

func TestOAuth_RefreshTokenRotates(t *testing.T) {
	s := newServer(t)
	rt := s.IssueRefreshToken(DefaultClientID, "read", "write")
	var tok tokenAnswer
	tokenRequest(t, s, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {DefaultClientID},
		"client_secret": {DefaultClientSecret}}).want(t, http.StatusOK).decode(t, &tok)
	if tok.AccessToken == "" || tok.RefreshToken == "" || tok.RefreshToken == rt || tok.Scope != "read write" {
		t.Fatalf("token %+v", tok)
	}
	send(t, s, "GET", "/api/v2/tickets.json", nil, bearer(tok.AccessToken)...).want(t, http.StatusOK)
	// The old refresh token is used up.
	a := tokenRequest(t, s, obj{"grant_type": "refresh_token", "refresh_token": rt, "client_id": DefaultClientID})
	wantError(t, a, http.StatusBadRequest, "invalid_grant")
	// The new one works, without the secret (as for a public client), and replaces the access token.
	var next tokenAnswer
	tokenRequest(t, s, obj{"grant_type": "refresh_token", "refresh_token": tok.RefreshToken, "client_id": DefaultClientID}).
		want(t, http.StatusOK).decode(t, &next)
	wantError(t, send(t, s, "GET", "/api/v2/tickets.json", nil, bearer(tok.AccessToken)...), http.StatusUnauthorized, "invalid_token")
	send(t, s, "GET", "/api/v2/tickets.json", nil, bearer(next.AccessToken)...).want(t, http.StatusOK)
}

func TestOAuth_ExpiresInRequested(t *testing.T) {
	s := newServer(t)
	var tok tokenAnswer
	tokenRequest(t, s, obj{"grant_type": "client_credentials", "client_id": DefaultClientID,
		"client_secret": DefaultClientSecret, "expires_in": 600}).want(t, http.StatusOK).decode(t, &tok)
	if *tok.ExpiresIn != 600 {
		t.Errorf("expires_in %d", *tok.ExpiresIn)
	}
	a := tokenRequest(t, s, obj{"grant_type": "client_credentials", "client_id": DefaultClientID,
		"client_secret": DefaultClientSecret, "expires_in": 10})
	wantError(t, a, http.StatusBadRequest, "invalid_request")
}
