package webhook_test

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ticketsdk/zendesk"
	"github.com/ticketsdk/zendesk/webhook"
)

const secret = "dGhpc2lzYXNlY3JldA-" // as given, not base64 to decode (ZENDESK.md)

// signed returns a delivery of body signed as Zendesk signs it at time at.
func signed(t testing.TB, body string, at time.Time) *http.Request {
	t.Helper()
	ts := at.UTC().Format(time.RFC3339)
	r := httptest.NewRequest(http.MethodPost, "/zendesk", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set(webhook.TimestampHeader, ts)
	r.Header.Set(webhook.SignatureHeader, base64.StdEncoding.EncodeToString(webhook.Sign(secret, ts, []byte(body))))
	return r
}

// TestSign_KnownVector pins the signature to one computed outside Go:
//
//	printf '%s' '2024-04-17T17:18:10Z{"type":"zen:event-type:ticket.created"}' |
//	  openssl dgst -sha256 -hmac 'dGhpc2lzYXNlY3JldA-' -binary | base64
func TestSign_KnownVector(t *testing.T) {
	got := base64.StdEncoding.EncodeToString(webhook.Sign(secret, "2024-04-17T17:18:10Z",
		[]byte(`{"type":"zen:event-type:ticket.created"}`)))
	if want := "s69/zuZAYZZzr06jtd8v0fcYYkbp06Br+40d8EhsGZc="; got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
}

func TestVerify_ValidDeliveryReturnsBodyAndKeepsItReadable(t *testing.T) {
	body := `{"type":"zen:event-type:ticket.created","id":"e1"}`
	r := signed(t, body, time.Now())
	got, err := webhook.Verify(r, secret, time.Minute)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if string(got) != body {
		t.Errorf("body = %q, want %q", got, body)
	}
	again, _ := io.ReadAll(r.Body)
	if string(again) != body {
		t.Errorf("r.Body afterwards = %q, want the body again", again)
	}
}

func TestVerify_WindowBothWays(t *testing.T) {
	for _, tc := range []struct {
		name   string
		offset time.Duration
		maxAge time.Duration
		want   error
	}{
		{"4m old in a 5m window", -4 * time.Minute, 5 * time.Minute, nil},
		{"4m ahead in a 5m window", 4 * time.Minute, 5 * time.Minute, nil},
		{"expired: 6m old", -6 * time.Minute, 5 * time.Minute, webhook.ErrExpired},
		{"future: 6m ahead", 6 * time.Minute, 5 * time.Minute, webhook.ErrExpired},
		{"a day old, maxAge 0 means the default", -24 * time.Hour, 0, webhook.ErrExpired},
		{"4m old, maxAge 0 means the default (5m)", -4 * time.Minute, 0, nil},
		{"2s old in a 1s window", -2 * time.Second, time.Second, webhook.ErrExpired},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := webhook.Verify(signed(t, `{"type":"x"}`, time.Now().Add(tc.offset)), secret, tc.maxAge)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("Verify = %v, want %v", err, tc.want)
			}
			if err != nil && errors.Is(err, webhook.ErrSignature) {
				t.Errorf("an expired but well-signed delivery also matches ErrSignature: %v", err)
			}
		})
	}
}

func TestVerify_Refuses(t *testing.T) {
	body := `{"type":"zen:event-type:ticket.created"}`
	now := time.Now().UTC().Format(time.RFC3339)
	sig := func(secret, msg string) string {
		return base64.StdEncoding.EncodeToString(webhook.Sign(secret, "", []byte(msg)))
	}
	for _, tc := range []struct {
		name  string
		edit  func(r *http.Request)
		body  string
		want  error
		notIs error
	}{
		{name: "wrong secret", want: webhook.ErrSignature, edit: func(r *http.Request) {
			r.Header.Set(webhook.SignatureHeader, sig("another secret", now+body))
		}},
		{name: "body + timestamp, the old doc page's order", want: webhook.ErrSignature, edit: func(r *http.Request) {
			r.Header.Set(webhook.SignatureHeader, sig(secret, body+now))
		}},
		{name: "secret base64-decoded first", want: webhook.ErrSignature, edit: func(r *http.Request) {
			key, _ := base64.RawURLEncoding.DecodeString(strings.TrimSuffix(secret, "-"))
			r.Header.Set(webhook.SignatureHeader, sig(string(key), now+body))
		}},
		{name: "hex instead of base64", want: webhook.ErrSignature, edit: func(r *http.Request) {
			raw, _ := base64.StdEncoding.DecodeString(r.Header.Get(webhook.SignatureHeader))
			r.Header.Set(webhook.SignatureHeader, hex.EncodeToString(raw))
		}},
		{name: "signature not base64", want: webhook.ErrSignature, edit: func(r *http.Request) {
			r.Header.Set(webhook.SignatureHeader, "not base64!")
		}},
		{name: "tampered body", want: webhook.ErrSignature, body: `{"type":"zen:event-type:ticket.deleted"}`},
		{name: "body with a byte more", want: webhook.ErrSignature, body: body + " "},
		{name: "timestamp changed after signing", want: webhook.ErrSignature, edit: func(r *http.Request) {
			r.Header.Set(webhook.TimestampHeader, time.Now().UTC().Add(time.Second).Format(time.RFC3339Nano))
		}},
		{name: "signed timestamp that is not a time", want: webhook.ErrSignature, notIs: webhook.ErrExpired, edit: func(r *http.Request) {
			r.Header.Set(webhook.TimestampHeader, "yesterday")
			r.Header.Set(webhook.SignatureHeader, sig(secret, "yesterday"+body))
		}},
		{name: "no signature header", want: webhook.ErrMissingSignature, edit: func(r *http.Request) {
			r.Header.Del(webhook.SignatureHeader)
		}},
		{name: "no timestamp header", want: webhook.ErrMissingSignature, edit: func(r *http.Request) {
			r.Header.Del(webhook.TimestampHeader)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := signed(t, body, time.Now())
			r.Header.Set(webhook.TimestampHeader, now)
			r.Header.Set(webhook.SignatureHeader, sig(secret, now+body))
			if _, err := webhook.Verify(r, secret, time.Minute); err != nil {
				t.Fatalf("the unedited delivery is refused: %v", err)
			}
			r = signed(t, body, time.Now())
			r.Header.Set(webhook.TimestampHeader, now)
			r.Header.Set(webhook.SignatureHeader, sig(secret, now+body))
			if tc.body != "" {
				r.Body = io.NopCloser(strings.NewReader(tc.body))
				r.ContentLength = int64(len(tc.body))
			}
			if tc.edit != nil {
				tc.edit(r)
			}
			got, err := webhook.Verify(r, secret, time.Minute)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Verify = %v, want %v", err, tc.want)
			}
			if got != nil {
				t.Errorf("a refused delivery returned its body %q", got)
			}
			if tc.notIs != nil && errors.Is(err, tc.notIs) {
				t.Errorf("error %v also matches %v", err, tc.notIs)
			}
		})
	}
}

func TestVerify_MissingSignatureAlsoMatchesErrSignature(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{}`))
	_, err := webhook.Verify(r, secret, 0)
	if !errors.Is(err, webhook.ErrMissingSignature) || !errors.Is(err, webhook.ErrSignature) {
		t.Fatalf("Verify of an unsigned request = %v, want ErrMissingSignature and ErrSignature", err)
	}
}

// reader counts what is read of it, to show that the bound is a bound.
type reader struct {
	n    int
	read int
}

func (r *reader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	k := min(len(p), r.n)
	for i := range p[:k] {
		p[i] = ' '
	}
	r.n -= k
	r.read += k
	return k, nil
}

func TestVerify_OversizedBody(t *testing.T) {
	t.Run("length announced", func(t *testing.T) {
		src := &reader{n: webhook.MaxBodyBytes + 1}
		r := signed(t, "", time.Now())
		r.Body, r.ContentLength = io.NopCloser(src), int64(src.n)
		if _, err := webhook.Verify(r, secret, 0); !errors.Is(err, webhook.ErrTooLarge) {
			t.Fatalf("Verify = %v, want ErrTooLarge", err)
		}
		if src.read != 0 {
			t.Errorf("read %d bytes of a body announced too large", src.read)
		}
	})
	t.Run("length unknown", func(t *testing.T) {
		src := &reader{n: 64 << 20}
		r := signed(t, "", time.Now())
		r.Body, r.ContentLength = io.NopCloser(src), -1
		if _, err := webhook.Verify(r, secret, 0); !errors.Is(err, webhook.ErrTooLarge) {
			t.Fatalf("Verify = %v, want ErrTooLarge", err)
		}
		if src.read > webhook.MaxBodyBytes+64<<10 {
			t.Errorf("read %d bytes, want about MaxBodyBytes (%d)", src.read, webhook.MaxBodyBytes)
		}
	})
	t.Run("exactly MaxBodyBytes is fine", func(t *testing.T) {
		body := strings.Repeat(" ", webhook.MaxBodyBytes-2) + "{}"
		if _, err := webhook.Verify(signed(t, body, time.Now()), secret, 0); err != nil {
			t.Fatalf("Verify = %v", err)
		}
	})
}

func TestVerify_BadInputIsErrInvalid(t *testing.T) {
	// Named as the zendesk package names refused input: package, operation, then ErrInvalid.
	if _, err := webhook.Verify(nil, secret, 0); !errors.Is(err, zendesk.ErrInvalid) ||
		!strings.HasPrefix(err.Error(), "webhook: Verify: invalid request: ") {
		t.Errorf("Verify(nil) = %v, want ErrInvalid named \"webhook: Verify: invalid request: …\"", err)
	}
	// An empty secret would accept anyone's signature made with the empty key.
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{}`))
	ts := time.Now().UTC().Format(time.RFC3339)
	r.Header.Set(webhook.TimestampHeader, ts)
	r.Header.Set(webhook.SignatureHeader, base64.StdEncoding.EncodeToString(webhook.Sign("", ts, []byte(`{}`))))
	if _, err := webhook.Verify(r, "", 0); !errors.Is(err, zendesk.ErrInvalid) {
		t.Errorf("Verify with an empty secret = %v, want ErrInvalid", err)
	}
}
