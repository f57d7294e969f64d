// Package webhook is for the server that receives Zendesk's webhook deliveries: it checks that a
// delivery really comes from Zendesk ([Verify]), decodes the event it carries ([ParseEvent],
// [Event]) and wraps both in an [http.Handler] that answers the way Zendesk's retries expect
// ([Handler]).
//
// Zendesk signs each delivery with the webhook's signing secret (read it once with
// zendesk.Client.Webhooks.SigningSecret, or copy it from Admin Center):
//
//	X-Zendesk-Webhook-Signature = base64(HMAC-SHA256(secret, timestamp + body))
//
// where timestamp is the X-Zendesk-Webhook-Signature-Timestamp header exactly as sent and body
// the raw request body. The order matters: an old Zendesk page shows body + timestamp, which
// never matches.
//
// Zendesk API docs: https://developer.zendesk.com/documentation/webhooks/verifying/
package webhook

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/ticketsdk/zendesk"
)

// The headers Zendesk signs a delivery with.
const (
	// SignatureHeader carries base64(HMAC-SHA256(secret, timestamp + body)).
	SignatureHeader = "X-Zendesk-Webhook-Signature"
	// TimestampHeader carries the time of signing (RFC 3339, e.g. 2024-04-17T17:18:10Z), which
	// is also the first part of the signed message.
	TimestampHeader = "X-Zendesk-Webhook-Signature-Timestamp"
	// IDHeader carries the id of the webhook that sent the delivery. It is not signed.
	IDHeader = "X-Zendesk-Webhook-Id"
)

const (
	// MaxBodyBytes is the most [Verify] reads of a body: 1 MiB. Zendesk's event payloads are a
	// few kilobytes (the ticket without its comments, plus what changed), so anything larger
	// is not a delivery, and reading it whole would let any client make the server buffer it.
	MaxBodyBytes = 1 << 20
	// DefaultMaxAge is the replay window [Handler] uses, and [Verify] when given maxAge <= 0:
	// a delivery signed more than 5 minutes ago, or more than 5 minutes ahead of this server's
	// clock, is refused. Zendesk signs each attempt anew, so a retried delivery is fresh.
	DefaultMaxAge = 5 * time.Minute
)

// Errors of [Verify], [ParseEvent] and the [Event] methods. Match them with errors.Is.
var (
	// ErrSignature: the signature is missing, malformed or does not match the secret, the
	// timestamp and the body. The delivery must not be trusted.
	ErrSignature = errors.New("webhook: signature does not match")
	// ErrMissingSignature: the request carries no signature or no timestamp header, e.g. a
	// webhook created without signing, or a request that is not from Zendesk at all. It also
	// matches ErrSignature.
	ErrMissingSignature = fmt.Errorf("%w: missing %s or %s header", ErrSignature, SignatureHeader, TimestampHeader)
	// ErrExpired: the signature matches but its timestamp is outside the replay window (too
	// old, or too far in the future): a replayed delivery, or a clock far off.
	ErrExpired = errors.New("webhook: signature timestamp outside the replay window")
	// ErrTooLarge: the body is longer than [MaxBodyBytes]; it was not read to its end.
	ErrTooLarge = fmt.Errorf("webhook: body larger than %d bytes", MaxBodyBytes)
	// ErrNotEvent: the body is not a Zendesk event (not a JSON object, or no "type").
	ErrNotEvent = errors.New("webhook: body is not a Zendesk event")
	// ErrEventType: an [Event] method was asked for what another type of event carries, e.g.
	// [Event.Ticket] of a user event, or [Event.StatusChange] of a tags_changed event.
	ErrEventType = errors.New("webhook: not that type of event")
)

// Verify checks that r is a delivery Zendesk signed with secret no more than maxAge ago (nor
// more than maxAge ahead: a clock may be off, a forger's timestamp may be anything), and
// returns its body. maxAge <= 0 means [DefaultMaxAge]. The signature is compared in constant
// time, and only then is the timestamp's age looked at; of a body longer than [MaxBodyBytes]
// no more than that is read. r.Body is consumed and replaced by a reader of the returned bytes,
// so that later handlers can read it again.
//
// Errors match [ErrSignature] (also [ErrMissingSignature] when a header is absent),
// [ErrExpired] or [ErrTooLarge]; an empty secret or a nil request is refused with
// zendesk.ErrInvalid before anything is read.
//
// Zendesk API docs: https://developer.zendesk.com/documentation/webhooks/verifying/
func Verify(r *http.Request, secret string, maxAge time.Duration) ([]byte, error) {
	if r == nil {
		return nil, fmt.Errorf("webhook: Verify: %w: nil request", zendesk.ErrInvalid)
	}
	if secret == "" {
		// An empty key is a key anyone can sign with.
		return nil, fmt.Errorf("webhook: Verify: %w: empty signing secret", zendesk.ErrInvalid)
	}
	if maxAge <= 0 {
		maxAge = DefaultMaxAge
	}
	sig, ts := r.Header.Get(SignatureHeader), r.Header.Get(TimestampHeader)
	if sig == "" || ts == "" {
		return nil, ErrMissingSignature
	}
	body, err := readBody(r)
	if err != nil {
		return nil, err
	}
	got, err := base64.StdEncoding.DecodeString(strings.TrimSpace(sig))
	if err != nil || !hmac.Equal(got, Sign(secret, ts, body)) {
		return nil, ErrSignature
	}
	at, err := time.Parse(time.RFC3339, strings.TrimSpace(ts))
	if err != nil {
		// Signed, yet not a time: not something Zendesk sends; refuse rather than guess.
		return nil, fmt.Errorf("%w: timestamp %q is not RFC 3339", ErrSignature, ts)
	}
	if age := time.Since(at); age > maxAge || age < -maxAge {
		return nil, fmt.Errorf("%w: signed at %s, %s from now, window %s", ErrExpired,
			at.UTC().Format(time.RFC3339), age.Round(time.Second), maxAge)
	}
	return body, nil
}

// Sign returns the raw (not yet base64-encoded) signature Zendesk computes for a delivery:
// HMAC-SHA256 keyed with the secret's bytes as given, over the timestamp header's value
// followed by the body. It is exported for tests that play Zendesk; base64-encode it
// (encoding/base64.StdEncoding) for the [SignatureHeader].
func Sign(secret, timestamp string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	io.WriteString(m, timestamp)
	m.Write(body)
	return m.Sum(nil)
}

// readBody reads at most MaxBodyBytes of r.Body and puts what it read back.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return []byte{}, nil
	}
	if r.ContentLength > MaxBodyBytes {
		return nil, ErrTooLarge
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	r.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("webhook: reading the body: %w", err)
	}
	if len(body) > MaxBodyBytes {
		return nil, ErrTooLarge
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return body, nil
}
