package webhook

import (
	"context"
	"errors"
	"net/http"
)

// Handler returns an [http.Handler] for a Zendesk webhook's endpoint. Each request is checked
// with [Verify] (secret, [DefaultMaxAge]), decoded with [ParseEvent] and handed to fn, and
// the answer tells Zendesk what to do next:
//
//   - 401 Unauthorized: the signature is missing, wrong or outside the replay window
//     ([ErrSignature], [ErrExpired]). Nothing was decoded; fn was not called.
//   - 413 Request Entity Too Large: the body is longer than [MaxBodyBytes] ([ErrTooLarge]).
//   - 400 Bad Request: the body is not an event ([ErrNotEvent]) or could not be read.
//   - 500 Internal Server Error: fn returned an error (or the handler was built with an empty
//     secret or a nil fn), so that Zendesk delivers the event again later.
//   - 200 OK: fn returned nil.
//
// fn runs with the request's context, which ends when Zendesk stops waiting (it waits only
// seconds for an answer): do slow work elsewhere and return. Zendesk may deliver an
// event more than once; [Event.ID] is the same each time. The answers' bodies are a short
// word, never fn's error, which could tell a stranger about the server's internals.
//
// Zendesk API docs: https://developer.zendesk.com/documentation/webhooks/verifying/
func Handler(secret string, fn func(ctx context.Context, e *Event) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if secret == "" || fn == nil {
			http.Error(w, "webhook receiver misconfigured", http.StatusInternalServerError)
			return
		}
		body, err := Verify(r, secret, DefaultMaxAge)
		switch {
		case errors.Is(err, ErrSignature), errors.Is(err, ErrExpired):
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		case errors.Is(err, ErrTooLarge):
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		case err != nil:
			http.Error(w, "unreadable body", http.StatusBadRequest)
			return
		}
		e, err := ParseEvent(body)
		if err != nil {
			http.Error(w, "not an event", http.StatusBadRequest)
			return
		}
		if err := fn(r.Context(), e); err != nil {
			http.Error(w, "handler failed", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}
