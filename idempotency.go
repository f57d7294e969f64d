package zendesk

import (
	"context"
	"crypto/rand"
)

type idempotencyKeyCtx struct{}

// ContextWithIdempotencyKey returns a context that makes [TicketsService.Create] send key as its
// Idempotency-Key instead of a fresh random one. Use it to carry one key across your own
// retries of a create (e.g. a job that may run twice): Zendesk answers a repeated key with the
// ticket the first request created, for about two hours, and refuses the same key with another
// body. The key must be 1 to 255 printable ASCII characters.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#idempotency
func ContextWithIdempotencyKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, idempotencyKeyCtx{}, key)
}

// idempotencyKey returns the caller's key from ctx, or a fresh random one. The same key is
// sent by every retry of the call, so a retried create never makes two tickets.
func idempotencyKey(ctx context.Context) string {
	if k, ok := ctx.Value(idempotencyKeyCtx{}).(string); ok {
		return k // validated in do, before anything is sent
	}
	return rand.Text()
}
