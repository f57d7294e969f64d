package zendesktest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path"
	"strconv"
	"strings"
	"time"
)

// handler serves one API route. It runs with the server's lock held and writes into a buffer,
// so it may read and change the store freely. actor is the authenticated user.
type handler func(w http.ResponseWriter, r *http.Request, actor int64) *apiError

func (s *Server) routes() *http.ServeMux {
	m := http.NewServeMux()
	api := func(pattern string, h handler) { m.Handle(pattern, s.api(h)) }

	api("GET /api/v2/tickets", s.listTickets)
	api("POST /api/v2/tickets", s.createTicket)
	api("GET /api/v2/tickets/count", s.countTickets)
	api("GET /api/v2/tickets/recent", s.listRecent)
	api("GET /api/v2/tickets/show_many", s.showMany)
	api("POST /api/v2/tickets/create_many", s.createMany)
	api("PUT /api/v2/tickets/update_many", s.updateMany)
	api("PUT /api/v2/tickets/mark_many_as_spam", s.markManyAsSpam)
	api("DELETE /api/v2/tickets/destroy_many", s.destroyMany)
	api("GET /api/v2/tickets/{id}", s.showTicket)
	api("PUT /api/v2/tickets/{id}", s.updateTicket)
	api("DELETE /api/v2/tickets/{id}", s.deleteTicket)
	api("PUT /api/v2/tickets/{id}/mark_as_spam", s.markAsSpam)
	api("POST /api/v2/tickets/{id}/merge", s.merge)
	api("GET /api/v2/tickets/{id}/related", s.related)
	api("GET /api/v2/tickets/{id}/collaborators", s.collaborators)
	api("GET /api/v2/tickets/{id}/incidents", s.listIncidents)
	api("GET /api/v2/tickets/{id}/audits", s.listAudits)
	api("GET /api/v2/tickets/{id}/audits/count", s.countAudits)
	api("GET /api/v2/tickets/{id}/audits/{audit}", s.showAudit)
	api("GET /api/v2/tickets/{id}/comments", s.listComments)
	api("GET /api/v2/tickets/{id}/comments/count", s.countComments)
	api("PUT /api/v2/tickets/{id}/comments/{comment}/make_private", s.makePrivate)
	api("PUT /api/v2/tickets/{id}/comments/{comment}/redact", s.redactText)
	api("PUT /api/v2/tickets/{id}/comments/{comment}/attachments/{attachment}/redact", s.redactAttachmentRoute)
	api("PUT /api/v2/comment_redactions/{comment}", s.redactComment)
	api("GET /api/v2/tickets/{id}/tags", s.showTags)
	api("POST /api/v2/tickets/{id}/tags", s.changeTags)
	api("PUT /api/v2/tickets/{id}/tags", s.changeTags)
	api("DELETE /api/v2/tickets/{id}/tags", s.changeTags)
	m.HandleFunc("POST /api/v2/uploads", s.uploadFile) // locks for itself: the body streams unlocked
	api("DELETE /api/v2/uploads/{token}", s.deleteUpload)
	api("GET /api/v2/attachments/{id}", s.showAttachment)
	m.HandleFunc("GET /attachments/token/{key}/", s.locked(s.redirectToFile))
	api("GET /api/v2/organizations/{id}/tickets", s.listOrganizationTickets)
	api("GET /api/v2/users/{id}", s.showUser)
	api("GET /api/v2/users/{id}/tickets/{kind}", s.listUserTickets)
	api("GET /api/v2/problems", s.listProblems)
	api("POST /api/v2/problems/autocomplete", s.autocomplete)
	api("POST /api/v2/channels/twitter/tickets", s.createTwicket)
	api("GET /api/v2/channels/twitter/tickets/{id}/statuses", s.twicketStatuses)
	api("POST /api/v2/users", s.createUser)
	api("POST /api/v2/users/create_or_update", s.createOrUpdateUser)
	api("GET /api/v2/users/show_many", s.showManyUsers)
	api("GET /api/v2/users/search", s.searchUsers)
	api("GET /api/v2/ticket_fields", s.listTicketFields)
	api("GET /api/v2/ticket_fields/{id}", s.showTicketField)
	api("GET /api/v2/ticket_fields/{id}/options", s.listFieldOptions)
	api("GET /api/v2/deleted_tickets", s.listDeleted)
	api("PUT /api/v2/deleted_tickets/restore_many", s.restoreManyDeleted)
	api("DELETE /api/v2/deleted_tickets/destroy_many", s.destroyManyDeleted)
	api("PUT /api/v2/deleted_tickets/{id}/restore", s.restoreDeleted)
	api("DELETE /api/v2/deleted_tickets/{id}", s.destroyDeleted)
	api("POST /api/v2/imports/tickets", s.importTicket)
	api("POST /api/v2/imports/tickets/create_many", s.importMany)
	api("GET /api/v2/job_statuses", s.listJobs)
	api("GET /api/v2/job_statuses/show_many", s.showManyJobs)
	api("GET /api/v2/job_statuses/{id}", s.showJob)
	api("GET /api/v2/webhooks/{id}/signing_secret", s.signingSecret)
	s.syncRoutes(api)
	m.HandleFunc("POST /oauth/tokens", s.locked(s.token))
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { writeError(w, errInvalidEndpoint()) })
	return m
}

// locked runs h with the server's lock held.
func (s *Server) locked(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		h(w, r)
	}
}

// api wraps an API handler: credentials and scopes are checked, the lock is held, and a
// returned error is written as Zendesk writes it.
func (s *Server) api(h handler) http.Handler {
	return s.locked(func(w http.ResponseWriter, r *http.Request) {
		actor, err := s.authenticate(r)
		if err == nil {
			err = h(w, r, actor)
		}
		if err != nil {
			writeError(w, err)
		}
	})
}

// serveHTTP is the server's entry: request id, request log, latency, injected faults and rate
// limits, then the route. Answers are buffered so that DropNext can throw one away after the
// request was carried out.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	var body []byte // nil for uploads, which stream
	if !streamsBody(r) {
		body, _ = io.ReadAll(io.LimitReader(r.Body, 16<<20))
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	route := routeOf(r.URL.Path)

	s.mu.Lock()
	s.reqSeq++
	requestID := fmt.Sprintf("zendesktest-%06d", s.reqSeq)
	entry := len(s.log)
	s.log = append(s.log, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(),
		Header: r.Header.Clone(), Body: body})
	f := s.takeFault(r.Method, route)
	var rateHeader http.Header
	var limited *apiError
	if route != "oauth/tokens" {
		rateHeader, limited = s.takeRate(r.Method, route)
	}
	s.mu.Unlock()

	if s.cfg.latency > 0 {
		if sleep(r.Context(), s.cfg.latency) != nil {
			return
		}
	}

	rec := httptest.NewRecorder()
	rec.Header().Set("X-Request-Id", requestID)
	rec.Header().Set("Content-Type", jsonType)
	for k, v := range rateHeader {
		rec.Header()[k] = v
	}
	switch {
	case f != nil && !f.drop:
		if f.status == http.StatusTooManyRequests || f.status == http.StatusServiceUnavailable {
			rec.Header().Set("Retry-After", strconv.Itoa(ceilSeconds(s.cfg.retryAfter)))
		}
		writeJSON(rec, f.status, faultBody(f.status))
	case limited != nil:
		writeError(rec, limited)
	default:
		r.URL.Path = "/" + strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/"), ".json")
		r.URL.RawPath = ""
		s.mux.ServeHTTP(rec, r)
	}

	if rec.Code == http.StatusNoContent {
		rec.Header().Del("Content-Type") // a 204 has no body, and Zendesk names no type for it
	}
	status := rec.Code
	if f != nil && f.drop {
		status = 0
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
			}
		}
	} else {
		writeRaw(w, rec.Header(), rec.Code, rec.Body.Bytes())
	}
	s.mu.Lock()
	s.log[entry].Status = status
	s.mu.Unlock()
}

// routeOf is a request path as patterns name it: without the /api/v2/ prefix and the .json
// suffix, e.g. "tickets/12" or "oauth/tokens".
func routeOf(p string) string {
	p = strings.TrimSuffix(strings.Trim(p, "/"), ".json")
	return strings.TrimPrefix(p, "api/v2/")
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func ceilSeconds(d time.Duration) int {
	return int((d + time.Second - 1) / time.Second)
}

// A fault is an injected failure waiting for the next n requests that match it.
type fault struct {
	method, pattern string
	n               int
	status          int
	drop            bool
}

// FailNext makes the next n requests of method and pathPattern fail with status before the
// server acts on them. The body is what Zendesk sends with that status; 429 and 503 carry
// Retry-After (see [WithRetryAfter]). method "" or "*" matches any method. pathPattern is a
// [path.Match] pattern over the path without /api/v2/ and .json, e.g. "tickets",
// "tickets/*", "tickets/*/merge" or "oauth/tokens"; a leading "/api/v2/" and a ".json" in the
// pattern are ignored too. n <= 0 injects nothing.
func (s *Server) FailNext(method, pathPattern string, n, status int) {
	s.addFault(&fault{method: method, pattern: pathPattern, n: n, status: status})
}

// DropNext makes the next n requests of method and pathPattern (as for [Server.FailNext]) be
// carried out, then lost: the server closes the connection without answering. This is the case
// that makes retried writes dangerous. Note that Go's http.Transport itself resends a
// replayable request (a GET, or one with an Idempotency-Key header and a rewindable body)
// once when a kept-alive connection closes, so one drop may not reach the client as an error.
// n <= 0 drops nothing.
func (s *Server) DropNext(method, pathPattern string, n int) {
	s.addFault(&fault{method: method, pattern: pathPattern, n: n, drop: true})
}

func (s *Server) addFault(f *fault) {
	if f.n <= 0 {
		return // "the next 0 requests": nothing to inject
	}
	f.pattern = routeOf(f.pattern)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, f)
}

// takeFault returns the first fault matching a request and counts it used.
func (s *Server) takeFault(method, route string) *fault {
	for i, f := range s.faults {
		if !matches(f.method, f.pattern, method, route) {
			continue
		}
		f.n--
		if f.n <= 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		return f
	}
	return nil
}

func matches(wantMethod, pattern, method, route string) bool {
	if wantMethod != "" && wantMethod != "*" && !strings.EqualFold(wantMethod, method) {
		return false
	}
	ok, _ := path.Match(pattern, route)
	return ok
}

// Requests returns every request received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// RequestCount returns how many requests of method and pathPattern (as for [Server.FailNext])
// were received, including failed and dropped ones.
func (s *Server) RequestCount(method, pathPattern string) int {
	pathPattern = routeOf(pathPattern)
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.log {
		if matches(method, pathPattern, r.Method, routeOf(r.Path)) {
			n++
		}
	}
	return n
}
