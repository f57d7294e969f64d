package zendesk

import (
	"context"
	"fmt"
	"log/slog"
)

// Credentials never appear in errors or log lines, even when a server echoes them back (in an
// error body, a header, a value that fails to decode). Errors are cleaned where they are made
// (APIError.redact, DecodeError.redact); log lines are cleaned in one place, the handler every
// line of the client goes through, the retrying client's included.

// secrets returns what of the client's credentials must never be shown; see secretsOf.
func (c *Client) secrets() []string {
	if c.auth == nil {
		return nil
	}
	return c.auth.secrets()
}

// redactingLogger returns l with every line cleaned of secrets(); nil for a nil l.
func redactingLogger(l *slog.Logger, secrets func() []string) *slog.Logger {
	if l == nil {
		return nil
	}
	return slog.New(&redactingHandler{inner: l.Handler(), secrets: secrets})
}

// redactingHandler cleans the message and every attribute of a record (nested groups, and the
// text of errors and other values) of the client's secrets before passing it on.
type redactingHandler struct {
	inner   slog.Handler
	secrets func() []string
}

func (h *redactingHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.inner.Enabled(ctx, level)
}

func (h *redactingHandler) Handle(ctx context.Context, r slog.Record) error {
	secrets := h.secrets()
	out := slog.NewRecord(r.Time, r.Level, redactString(r.Message, secrets), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(redactAttr(a, secrets))
		return true
	})
	return h.inner.Handle(ctx, out)
}

func (h *redactingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	secrets := h.secrets()
	cleaned := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		cleaned[i] = redactAttr(a, secrets)
	}
	return &redactingHandler{inner: h.inner.WithAttrs(cleaned), secrets: h.secrets}
}

func (h *redactingHandler) WithGroup(name string) slog.Handler {
	return &redactingHandler{inner: h.inner.WithGroup(name), secrets: h.secrets}
}

func redactAttr(a slog.Attr, secrets []string) slog.Attr {
	a.Key = redactString(a.Key, secrets)
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		a.Value = slog.StringValue(redactString(v.String(), secrets))
	case slog.KindGroup:
		group := v.Group()
		cleaned := make([]slog.Attr, len(group))
		for i, g := range group {
			cleaned[i] = redactAttr(g, secrets)
		}
		a.Value = slog.GroupValue(cleaned...)
	case slog.KindAny:
		// An error or any other value is shown by its text: clean that text.
		text := fmt.Sprint(v.Any())
		if clean := redactString(text, secrets); clean != text {
			a.Value = slog.StringValue(clean)
		} else {
			a.Value = v
		}
	default:
		a.Value = v
	}
	return a
}
