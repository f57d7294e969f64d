package zendesk

import (
	"context"
	"net/http"
)

// WebhooksService reaches the webhook endpoints the receiving side needs: the signing secret
// that package github.com/ticketsdk/zendesk/webhook verifies deliveries with.
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/
type WebhooksService service

// SigningSecret returns the signing secret of the webhook with id webhookID (a string such as
// "01GH7ZZEJ2J0JRFKNNN2TN3M1Z", from Admin Center or the webhook's X-Zendesk-Webhook-Id
// header). Use it as given: it is the HMAC key, not base64 to decode (it may start with "-").
// Zendesk signs with SHA256, which webhook.Verify checks. Read it once at start-up and keep it;
// it changes only when the secret is reset. The id must be letters, digits, '-' or '_', at
// most 128 bytes ([ErrInvalid] otherwise, before any request).
//
// Zendesk API docs: https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/#show-webhook-signing-secret
func (s *WebhooksService) SigningSecret(ctx context.Context, webhookID string) (string, error) {
	if err := checkWebhookID("Webhooks.SigningSecret", webhookID); err != nil {
		return "", err
	}
	r := &request{method: http.MethodGet, path: "webhooks/" + pathEscape(webhookID) + "/signing_secret.json"}
	secret, resp, err := doKey[signingSecret](ctx, s.client, r, "signing_secret")
	if err != nil {
		return "", err
	}
	if secret.Secret == "" {
		return "", s.client.missingKey(r, resp, "signing_secret.secret")
	}
	return secret.Secret, nil
}

// signingSecret is the `"signing_secret"` of a webhook's signing secret answer.
type signingSecret struct {
	Algorithm string `json:"algorithm"`
	Secret    string `json:"secret"`
}

// checkWebhookID refuses a webhook id that cannot be one: Zendesk's are ULIDs, so anything
// outside letters, digits, '-' and '_' is a mistake (a URL, a path, a secret pasted in the
// wrong place) and is not sent.
func checkWebhookID(op, id string) error { return checkStringID(op, "webhook id", id) }
