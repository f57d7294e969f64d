package zendesk

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestWebhooksSigningSecretOnTheWire(t *testing.T) {
	c, mock := setup(t)
	rec := on(t, mock, http.MethodGet, "/api/v2/webhooks/01GH7ZZEJ2J0JRFKNNN2TN3M1Z/signing_secret.json",
		respondFixture(t, http.StatusOK, "webhook_signing_secret.json"))
	got, err := c.Webhooks.SigningSecret(context.Background(), "01GH7ZZEJ2J0JRFKNNN2TN3M1Z")
	if err != nil {
		t.Fatalf("SigningSecret: %v", err)
	}
	if got != "-m4lqz3Ye4Ef2k7kQmXkqVhX2zrtP0sXvXg9iNq1bDE" {
		t.Errorf("secret = %q, want it as given (not base64-decoded)", got)
	}
	req := rec.last(t)
	wantQuery(t, req.URL, "")
	if req.Method != http.MethodGet || len(req.Body) != 0 || req.Header.Get("Authorization") == "" {
		t.Errorf("request = %s, body %q, headers %v", req.Method, req.Body, req.Header)
	}
	if n := mock.GetTotalCallCount(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestWebhooksSigningSecretRefusesBadIDs(t *testing.T) {
	c, mock := setup(t)
	for _, id := range []string{"", " ", "../tickets", "01GH/../x", "a b", "id?x=1", "id#x", "id%2F", "é", strings.Repeat("A", 129)} {
		if _, err := c.Webhooks.SigningSecret(context.Background(), id); !errors.Is(err, ErrInvalid) {
			t.Errorf("SigningSecret(%q) = %v, want ErrInvalid", id, err)
		}
	}
	if n := mock.GetTotalCallCount(); n != 0 {
		t.Errorf("%d requests sent for bad ids", n)
	}
	//lint:ignore SA1012 the nil context is the point
	if _, err := c.Webhooks.SigningSecret(nil, "01GH"); !errors.Is(err, ErrInvalid) {
		t.Errorf("nil context = %v, want ErrInvalid", err)
	}
}

func TestWebhooksSigningSecretAnswers(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
		check  func(error) bool
	}{
		{"404", http.StatusNotFound, `{"errors":[{"code":"WebhookNotFound","title":"Webhook not found"}]}`,
			func(err error) bool { return errors.Is(err, ErrNotFound) }},
		{"no signing_secret", http.StatusOK, `{"webhook":{}}`,
			func(err error) bool { var d *DecodeError; return errors.As(err, &d) }},
		{"empty secret", http.StatusOK, `{"signing_secret":{"algorithm":"SHA256","secret":""}}`,
			func(err error) bool { var d *DecodeError; return errors.As(err, &d) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, mock := setup(t)
			on(t, mock, http.MethodGet, "/api/v2/webhooks/01ABC/signing_secret.json", respond(tc.status, tc.body))
			got, err := c.Webhooks.SigningSecret(context.Background(), "01ABC")
			if got != "" || !tc.check(err) {
				t.Errorf("SigningSecret = %q, %v", got, err)
			}
		})
	}
}
